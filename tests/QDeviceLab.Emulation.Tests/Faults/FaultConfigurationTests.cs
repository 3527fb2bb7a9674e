using QDeviceLab.Core;

namespace QDeviceLab.Emulation.Tests.Faults;

public sealed class FaultConfigurationTests
{
    [Theory]
    [InlineData("instrument: awg1, kind: meltdown", "emulator.faults[0].kind", "expected one of latency, drop_link")]
    [InlineData("instrument: awg9, kind: latency, seconds: 1", "emulator.faults[0].instrument", "got 'awg9'")]
    [InlineData("instrument: awg1, kind: stuck_trigger, arm: 1", "emulator.faults[0].kind", "needs a digitizer")]
    [InlineData("instrument: dig1, kind: temperature_excursion, peak: 0.1, start: 0, end: 1", "emulator.faults[0].instrument", "mixing-chamber monitor 'bridge'")]
    [InlineData("instrument: bridge, kind: temperature_excursion, peak: 0.1, start: 2, end: 1", "emulator.faults[0].end", "after start")]
    [InlineData("instrument: dig1, kind: garbage_answer, answer: 0", "emulator.faults[0].answer", "1..")]
    [InlineData("instrument: dig1, kind: error, after_commands: 3, code: 5", "emulator.faults[0].code", "-999..-100")]
    public void A_bad_fault_names_its_field_and_what_was_expected(string fault, string field, string expectation)
    {
        string path = FaultStations.With(fault);
        var e = Assert.Throws<UserInputException>(() => EmulatedStation.Start(path));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains(expectation, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:", e.Message, StringComparison.Ordinal);
    }
}
