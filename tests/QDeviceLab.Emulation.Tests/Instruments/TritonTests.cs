using System.Globalization;
using System.Text.RegularExpressions;
using QDeviceLab.Core;
using QDeviceLab.Emulation.Tests.Faults;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>The emulated Oxford Triton over its TCP text protocol, and the fridge it shares with the Lake Shore.</summary>
public sealed partial class TritonTests
{
    [Fact]
    public async Task Triton_answers_reads_with_stat_lines_and_the_mixing_chamber_in_kelvin()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var fridge = new RawScpiClient(station.Resources["fridge"]);
        Assert.Matches("^IDN:OXFORD INSTRUMENTS:TRITON:[^:]+:[^:]+$", fridge.Query("*IDN?"));
        var reading = fridge.Query("READ:DEV:T8:TEMP:SIG:TEMP");
        var match = TemperatureAnswer().Match(reading);
        Assert.True(match.Success, reading);
        Assert.InRange(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 0.012 * 0.99, 0.012 * 1.01);
        Assert.Equal("STAT:SYS:DR:STATUS:OK", fridge.Query("READ:SYS:DR:STATUS"));
        Assert.Equal("STAT:SYS:DR:CHAN:MC:T8", fridge.Query("READ:SYS:DR:CHAN:MC"));
        Assert.Equal("STAT:DEV:T7:TEMP:MEAS:ENAB:ON", fridge.Query("READ:DEV:T7:TEMP:MEAS:ENAB"));
    }

    [Theory]
    [InlineData("FOO:SYS:TIME", "FOO:INVALID")]
    [InlineData("read:DEV:T8:TEMP:SIG:TEMP", "read:INVALID")]
    [InlineData("READ:SYS:XYZ:STATUS", "STAT:SYS:XYZ:INVALID")]
    [InlineData("READ:SYS:DR", "STAT:SYS:DR:INVALID")]
    [InlineData("READ:DEV:T8:TEMP:SIG:RESX", "STAT:DEV:T8:TEMP:SIG:RESX:INVALID")]
    [InlineData("READ:DEV:T99:TEMP:SIG:TEMP", "STAT:DEV:T99:TEMP:SIG:TEMP:NOT_FOUND")]
    [InlineData("SET:DEV:T8:TEMP:SIG:TEMP:1.0", "SET:INVALID")]
    public async Task Invalid_commands_are_answered_in_words_right_after_the_term_that_cannot_be_interpreted(string command, string answer)
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var fridge = new RawScpiClient(station.Resources["fridge"]);
        Assert.Equal(answer, fridge.Query(command));
        Assert.Equal("STAT:SYS:DR:STATUS:OK", fridge.Query("READ:SYS:DR:STATUS")); // and it carries on
    }

    [Fact]
    public async Task A_line_over_the_1024_byte_limit_closes_the_connection()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var fridge = new RawScpiClient(station.Resources["fridge"]);
        fridge.Write("READ:" + new string('X', 2000) + "\n");
        Assert.True(fridge.IsClosedByServer());
    }

    [Fact]
    public async Task The_bridge_and_the_triton_read_one_mixing_chamber_through_an_excursion()
    {
        await using var station = EmulatedStation.Start(FaultStations.With(
            "instrument: bridge, kind: temperature_excursion, peak: 0.150, start: 0, end: 1.0e6"));
        using var bridge = new RawScpiClient(station.Resources["bridge"]);
        using var fridge = new RawScpiClient(station.Resources["fridge"]);
        double lakeShore = double.Parse(bridge.Query("KRDG? 6", "\r\n"), CultureInfo.InvariantCulture);
        double triton = double.Parse(TemperatureAnswer().Match(fridge.Query("READ:DEV:T8:TEMP:SIG:TEMP")).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(lakeShore, 0.145, 0.155);
        Assert.InRange(triton, 0.145, 0.155);
    }

    [Fact]
    public async Task The_triton_can_be_the_mixing_chamber_monitor_with_a_thermometer_channel()
    {
        var path = StationFiles.DefaultWith("monitor: bridge\n    channel: 6", "monitor: fridge\n    channel: T5");
        await using var station = EmulatedStation.Start(path);
        using var fridge = new RawScpiClient(station.Resources["fridge"]);
        Assert.Equal("STAT:SYS:DR:CHAN:MC:T5", fridge.Query("READ:SYS:DR:CHAN:MC"));

        var bad = StationFiles.DefaultWith("monitor: bridge\n    channel: 6", "monitor: fridge\n    channel: 6");
        var error = Assert.Throws<UserInputException>(() => EmulatedStation.Start(bad));
        Assert.Contains("field 'environment.mixing_chamber.channel': expected a Triton thermometer T1..T16, got '6'", error.Message, StringComparison.Ordinal);
        var notMonitor = StationFiles.DefaultWith("monitor: bridge\n    channel: 6", "monitor: lo1\n    channel: 6");
        Assert.Contains("'Lake Shore 372' or 'Oxford Instruments Triton'", Assert.Throws<UserInputException>(() => EmulatedStation.Start(notMonitor)).Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^STAT:DEV:T8:TEMP:SIG:TEMP:([0-9.]+(?:E[-+]?\d+)?)K$")]
    private static partial Regex TemperatureAnswer();
}
