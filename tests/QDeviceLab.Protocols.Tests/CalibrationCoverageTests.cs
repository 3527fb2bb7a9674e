using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Tests.Support;

namespace QDeviceLab.Protocols.Tests;

/// <summary>
/// A small version of bench/calibration: the T1 of q0 on ten freshly seeded emulated stations,
/// and how often its 95 % interval (value +- 1.96 u) covers the emulator's true T1.
/// </summary>
public sealed class CalibrationCoverageTests
{
    /// <summary>
    /// If the uncertainty is calibrated, the number of covering runs is Binomial(10, 0.95):
    /// fewer than 7 has probability 0.001. An uncertainty half as large as it should be covers
    /// about 68 % of the time, and then fewer than 7 of 10 is likely (about 0.35), so the test can
    /// fail for an understated uncertainty but hardly by chance. A shortened sweep (21 delays) keeps
    /// it to a few seconds; bench/calibration/run.sh runs the full one over 200 seeds.
    /// </summary>
    [Fact]
    public async Task T1_95_percent_intervals_cover_the_emulators_truth_in_at_least_7_of_10_seeds()
    {
        var covered = 0;
        var notes = new List<string>();
        for (var seed = 9100; seed < 9110; seed++)
        {
            await using var bench = await EmulatedBench.StartAsync(seed);
            await using var recorder = RawDataRecorder.Create(bench.RawFolder, "t1-q0");
            var data = await T1InversionRecovery.AcquireAsync(bench.Station.Qubit("q0"), DelaySweepParameters.Linear(21, 0, 240e-6, 400), recorder);
            var result = T1InversionRecovery.Fit(data);
            var truth = bench.Emulator.TruthFor("q0").T1;
            var (low, high) = (result.Value.Value - 1.959963984540054 * result.Value.StandardUncertainty, result.Value.Value + 1.959963984540054 * result.Value.StandardUncertainty);
            covered += low <= truth && truth <= high ? 1 : 0;
            notes.Add($"seed {seed}: [{low * 1e6:F2}, {high * 1e6:F2}] us");
        }

        Assert.True(covered >= 7, $"only {covered} of 10 intervals cover the true T1 = 48 us: {string.Join("; ", notes)}");
    }
}
