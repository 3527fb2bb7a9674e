using QDeviceLab.Core;
using QDeviceLab.Emulation.Tests.Support;
using static QDeviceLab.Emulation.Tests.Instruments.QubitExperimentTests;

namespace QDeviceLab.Emulation.Tests.Physics;

/// <summary>The gate errors as a station file sets them, seen over loopback.</summary>
public sealed class GateErrorStationTests
{
    private const string Q0T2Star = "      t2_star: 31.0e-6";

    [Fact]
    public async Task A_drive_amplitude_error_of_one_turns_a_pi_pulse_into_two_pi()
    {
        string file = StationFiles.DefaultWith(Q0T2Star, "      drive_amplitude_error: 1.0\n" + Q0T2Star);
        await using var station = EmulatedStation.Start(file);
        var truth = station.TruthFor("q0");
        double excited = ExcitedFraction(station, truth, Play(PiPulse(truth), 0), shots: 2000, out _);
        Assert.InRange(excited, 0.0, 0.06);
    }

    [Fact]
    public async Task A_fast_depolarizing_channel_while_driven_leaves_a_pi_pulse_half_excited()
    {
        // 40 ns pulse at 1e9/s: exp(-40) of the Bloch vector survives, P1 = 1/2.
        string file = StationFiles.DefaultWith(Q0T2Star, "      depolarizing_rate: 1.0e9\n" + Q0T2Star);
        await using var station = EmulatedStation.Start(file);
        var truth = station.TruthFor("q0");
        double excited = ExcitedFraction(station, truth, Play(PiPulse(truth), 0), shots: 4000, out _);
        double expected = 0.5 * (1 - truth.P0Given1) + 0.5 * truth.P1Given0;
        Assert.InRange(excited, expected - 0.04, expected + 0.04);
    }

    [Theory]
    [InlineData("drive_amplitude_error: -1.0", "emulator.qubits.q0.drive_amplitude_error")]
    [InlineData("drive_amplitude_error: fast", "emulator.qubits.q0.drive_amplitude_error")]
    [InlineData("depolarizing_rate: -3", "emulator.qubits.q0.depolarizing_rate")]
    public void A_bad_gate_error_names_its_field(string line, string field)
    {
        string file = StationFiles.DefaultWith(Q0T2Star, $"      {line}\n" + Q0T2Star);
        var error = Assert.Throws<UserInputException>(() => EmulatedStation.Start(file));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
