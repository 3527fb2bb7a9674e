using MathNet.Numerics;
using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Protocols.Calibration;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.Pulses;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;
using QDeviceLab.Protocols.Tests.Support;

namespace QDeviceLab.Protocols.Tests;

/// <summary>
/// The new protocols end to end: real drivers over loopback SCPI against the emulated station,
/// each result compared with the emulator's truth within 3 reported standard uncertainties.
/// </summary>
public sealed class EmulatedProtocolTests
{
    public static TheoryData<int, string> SeedsAndQubits => new()
    {
        { 101, "q0" }, { 101, "q1" }, { 101, "q2" },
        { 202, "q0" }, { 202, "q1" }, { 202, "q2" },
        { 303, "q0" }, { 303, "q1" }, { 303, "q2" },
    };

    /// <summary>
    /// The emulator has no quasi-static noise, so the echo refocuses only the static detuning and
    /// T2E equals its T2*: 1/T2 = 1/(2 T1) + gamma_phi.
    /// </summary>
    [Theory]
    [MemberData(nameof(SeedsAndQubits))]
    public async Task Hahn_echo_recovers_the_emulators_t2_within_three_uncertainties(int seed, string qubit)
    {
        await using var bench = await EmulatedBench.StartAsync(seed);
        var lines = bench.Station.Qubit(qubit);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "t2echo-" + qubit);
        var data = await T2Echo.AcquireHahnAsync(lines, DelaySweepParameters.Linear(41, 0, 150e-6, 1000), recorder);
        var result = T2Echo.Fit(data);

        var truth = bench.Emulator.TruthFor(qubit).T2Star;
        Assert.True(Math.Abs(result.Value.Value - truth) <= 3 * result.Value.StandardUncertainty,
            $"seed {seed}: T2E of {qubit} = {result.Value} but the emulator's T2 is {truth:G4} s");
        Assert.InRange(result.Value.StandardUncertainty / truth, 0.01, 0.15);
        Assert.Equal(result.Value, OfflineFit.Refit(recorder.SummaryPath).Value);
    }

    [Theory]
    [InlineData(404, "q0")]
    [InlineData(505, "q2")]
    public async Task Cpmg_recovers_the_emulators_t2_within_three_uncertainties(int seed, string qubit)
    {
        await using var bench = await EmulatedBench.StartAsync(seed);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "t2cpmg-" + qubit);
        var data = await T2Echo.AcquireCpmgAsync(bench.Station.Qubit(qubit), DelaySweepParameters.Linear(41, 0, 150e-6, 1000), 4, recorder);
        var result = T2Echo.Fit(data);

        var truth = bench.Emulator.TruthFor(qubit).T2Star;
        Assert.Equal("T2CPMG", result.Metric);
        Assert.True(Math.Abs(result.Value.Value - truth) <= 3 * result.Value.StandardUncertainty,
            $"seed {seed}: T2CPMG of {qubit} = {result.Value} but the emulator's T2 is {truth:G4} s");
    }

    [Theory]
    [MemberData(nameof(SeedsAndQubits))]
    public async Task Assignment_fidelity_recovers_the_emulators_readout_errors_within_three_uncertainties(int seed, string qubit)
    {
        await using var bench = await EmulatedBench.StartAsync(seed);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "readout-" + qubit, AssignmentFidelity.ShotsColumn);
        var data = await AssignmentFidelity.AcquireAsync(bench.Station.Qubit(qubit), 5000, recorder);
        var result = AssignmentFidelity.Fit(data);

        var truth = bench.Emulator.TruthFor(qubit);
        var expected = ExpectedAssignmentFidelity(truth, bench.Station.Qubit(qubit).PiPulse.Duration);
        Assert.True(Math.Abs(result.Value.Value - expected) <= 3 * result.Value.StandardUncertainty,
            $"seed {seed}: F_RO of {qubit} = {result.Value} but the station file implies {expected:F5} (bare {truth.AssignmentFidelity:F5})");
        Assert.Equal(result.Value, OfflineFit.Refit(recorder.SummaryPath).Value);
        Assert.True(File.ReadLines(recorder.ShotsPath).Count() == 1 + 2 * 5000, "every shot of both prepared states is in the shots file");
    }

    [Theory]
    [InlineData(606, "q0")]
    [InlineData(606, "q1")]
    [InlineData(707, "q2")]
    public async Task Rabi_sweep_finds_the_pi_amplitude_the_emulators_drive_strength_implies(int seed, string qubit)
    {
        await using var bench = await EmulatedBench.StartAsync(seed);
        var lines = bench.Station.Qubit(qubit);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "rabi-" + qubit, RabiAmplitude.ShotsColumn);
        var data = await RabiAmplitude.AcquireAsync(lines, RabiAmplitude.LinearAmplitudes(25, 0, 0.48), 500, recorder);
        var result = RabiAmplitude.Fit(data);

        // Rotation angle = 2 pi rabi_rate V x (pulse area per volt of peak), so V_pi = 1 / (2 rabi_rate area).
        var area = PulseSequenceBuilder.GaussianEnvelope(lines.PiPulse.Duration, lines.Awg.SampleRate).Sum() / lines.Awg.SampleRate;
        var truth = 1 / (2 * bench.Emulator.TruthFor(qubit).RabiRatePerVolt * area);
        Assert.True(Math.Abs(result.Value.Value - truth) <= 3 * result.Value.StandardUncertainty,
            $"seed {seed}: A_pi of {qubit} = {result.Value} but the emulator's drive strength implies {truth:G5} V");

        // The drift against the station file's calibration, judged by QDL-CAL-1, is the same fit over the setting.
        var drift = PiAmplitudeDrift.Of(result);
        Assert.Equal("A_pi_drift", drift.Metric);
        Assert.Equal(lines.PiPulse.Amplitude, drift.Calibrated);
        var trueDrift = truth / lines.PiPulse.Amplitude - 1;
        Assert.True(Math.Abs(drift.Value.Value - trueDrift) <= 3 * drift.Value.StandardUncertainty,
            $"seed {seed}: drift of {qubit} = {drift.Value} but the truth is {trueDrift:G4}");
        Assert.Equal(result.Value.StandardUncertainty / lines.PiPulse.Amplitude, drift.Value.StandardUncertainty, 15);
        Assert.Same(result.Fit, drift.Fit);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Measured a_pi = {result.Value.Value:G5} ± "), drift.Method, StringComparison.Ordinal);

        var uncalibrated = result with { Data = data with { Settings = new Dictionary<string, double> { ["shots"] = 500 } } };
        Assert.Throws<MeasurementException>(() => PiAmplitudeDrift.Of(uncalibrated));
    }

    /// <summary>
    /// What F should be, from the station file: the bare 1 - [p0_given_1 + p1_given_0]/2, with
    /// (1) the Gaussian overlap of the clouds: a shot lands across the midpoint threshold with
    /// probability eps = Q(d / 2 sigma) (d the distance between centres, sigma the noise per
    /// quadrature), which flips its assignment; (2) preparation: the thermal excited population of
    /// |0>, and T1 decay during the pi pulse, about 1 - exp(-duration / (2 T1)) on average.
    /// </summary>
    internal static double ExpectedAssignmentFidelity(QubitTruth truth, double piDuration)
    {
        var distance = Math.Sqrt(Math.Pow(truth.ExcitedI - truth.GroundI, 2) + Math.Pow(truth.ExcitedQ - truth.GroundQ, 2));
        var eps = 0.5 * SpecialFunctions.Erfc(distance / (2 * truth.ReadoutNoise) / Math.Sqrt(2));
        double ReadsOneIfExcited() => (1 - truth.P0Given1) * (1 - eps) + truth.P0Given1 * eps;
        double ReadsOneIfGround() => truth.P1Given0 * (1 - eps) + (1 - truth.P1Given0) * eps;
        var thermal = truth.ThermalExcitedPopulation;
        var decayed = 1 - Math.Exp(-piDuration / (2 * truth.T1));
        var p1Given0 = (1 - thermal) * ReadsOneIfGround() + thermal * ReadsOneIfExcited();
        var p0Given1 = (1 - decayed) * (1 - ReadsOneIfExcited()) + decayed * (1 - ReadsOneIfGround());
        return 1 - (p0Given1 + p1Given0) / 2;
    }
}
