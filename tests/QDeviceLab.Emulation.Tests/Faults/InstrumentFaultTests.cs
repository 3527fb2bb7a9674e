using QDeviceLab.Emulation.Tests.Instruments;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Faults;

/// <summary>Faults inside the instruments: error queue entries, power loss, a lost trigger, a warm fridge.</summary>
public sealed class InstrumentFaultTests
{
    [Fact]
    public async Task Injected_errors_enter_the_queue_after_the_nth_command_and_set_the_device_error_bit()
    {
        await using var station = EmulatedStation.Start(FaultStations.With(
            "instrument: awg1, kind: error, after_commands: 2, code: -310, message: System error, count: 2"));
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
        Assert.Equal("1", awg.Query("*OPC?"));
        Assert.Equal("2", awg.Query("SYST:ERR:COUN?"));
        Assert.Equal("8", awg.Query("*ESR?"));
        Assert.Equal("-310,\"System error\",-310,\"System error\"", awg.Query("SYST:ERR:ALL?"));
        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
    }

    [Fact]
    public async Task A_power_cycle_after_the_nth_command_loses_waveforms_and_settings_and_reports_power_on()
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: awg1, kind: reset, after_commands: 3"));
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        awg.WriteLine("WLIS:WAV:NEW \"w\",4");
        awg.WriteLine("OUTP1 ON;:CLOC:SRAT 1e9");
        Assert.Equal("1", awg.Query("WLIS:SIZE?"));
        Assert.Equal("0", awg.Query("WLIS:SIZE?"));
        Assert.Equal("0", awg.Query("OUTP1?"));
        Assert.Equal("2500000000", awg.Query("CLOC:SRAT?"));
        Assert.Equal("128", awg.Query("*ESR?"));
    }

    [Fact]
    public async Task A_stuck_trigger_keeps_the_digitizer_armed_and_opc_silent_until_it_is_aborted()
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: dig1, kind: stuck_trigger, arm: 1"));
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        awg.WriteLine("AWGC:RUN");
        Assert.Equal("2", awg.Query("AWGC:RST?")); // running before the digitizer is armed on its own connection
        using (var dig = new RawScpiClient(station.Resources["dig1"]))
        {
            dig.WriteLine("INIT");
            Assert.Equal("ARMED", dig.Query("ACQ:STAT?"));
            dig.WriteLine("*OPC?");
            Assert.True(dig.StaysSilentFor(300));
            dig.WriteLine("*IDN?"); // the parser is blocked: nothing behind *OPC? is answered either
            Assert.True(dig.StaysSilentFor(300));
        }

        using var fresh = new RawScpiClient(station.Resources["dig1"]);
        Assert.Equal("ARMED", fresh.Query("ACQ:STAT?"));
        fresh.WriteLine("ABOR;:INIT");
        Assert.Equal("1", fresh.Query("*OPC?"));
        Assert.Equal("DONE", fresh.Query("ACQ:STAT?"));
    }

    [Fact]
    public async Task A_temperature_excursion_shows_on_the_bridge_only_inside_its_window()
    {
        // One millisecond of emulated time per program message: queries 10..14 fall inside.
        await using var station = EmulatedStation.Start(FaultStations.With(
            "instrument: bridge, kind: temperature_excursion, peak: 0.150, start: 0.0095, end: 0.0145"));
        using var bridge = new RawScpiClient(station.Resources["bridge"]);
        var kelvin = Enumerable.Range(1, 16)
            .Select(_ => double.Parse(bridge.Query("KRDG? 6", "\r\n"), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.All(kelvin.Take(9), k => Assert.InRange(k, 0.010, 0.014));
        Assert.All(kelvin.Skip(9).Take(5), k => Assert.InRange(k, 0.145, 0.155));
        Assert.All(kelvin.Skip(14), k => Assert.InRange(k, 0.010, 0.014));
    }

    [Fact]
    public async Task A_hot_mixing_chamber_populates_the_excited_state_thermally()
    {
        await using var station = EmulatedStation.Start(FaultStations.With(
            "instrument: bridge, kind: temperature_excursion, peak: 0.150, start: 0, end: 1.0e6"));
        var truth = station.TruthFor("q0");
        double excited = QubitExperimentTests.ExcitedFraction(station, truth, [0f], shots: 4000, out _);
        // Boltzmann at 150 mK and 5.12 GHz, seen through the assignment errors.
        double x = Math.Exp(-6.62607015e-34 * truth.FrequencyHz / (1.380649e-23 * 0.150));
        double p1 = x / (1 + x);
        double expected = p1 * (1 - truth.P0Given1) + (1 - p1) * truth.P1Given0;
        Assert.InRange(expected, 0.15, 0.18);
        Assert.InRange(excited, expected - 0.03, expected + 0.03);
    }
}
