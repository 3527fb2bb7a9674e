using QDeviceLab.Core;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Tests.Support;
using QDeviceLab.Protocols.TwoQubit;

namespace QDeviceLab.Protocols.Tests.TwoQubit;

/// <summary>The static ZZ protocol end to end against the emulated station's coupled pair q0_q1.</summary>
public sealed class StaticZzTests
{
    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    public async Task Ramsey_with_the_partner_in_0_and_1_recovers_the_emulators_zz_within_three_uncertainties(int seed)
    {
        await using var bench = await EmulatedBench.StartAsync(seed);
        var pair = bench.Station.Pair("q0_q1");
        await using var ground = RawDataRecorder.Create(bench.RawFolder, "zz-partner0");
        await using var excited = RawDataRecorder.Create(bench.RawFolder, "zz-partner1");
        // A short sweep (partner T1 = 62 us) keeps the partner's decay from pulling the difference down.
        var (g, e) = await StaticZz.AcquireAsync(pair, DelaySweepParameters.Linear(31, 0, 6e-6, 300), 1e6, ground, excited);
        var result = StaticZz.Fit(pair.Name, g, e);

        double truth = Math.Abs(bench.Emulator.CouplingTruths["q0_q1"].StaticZzHz);
        Assert.Equal("ZZ", result.Metric);
        Assert.Equal("Hz", result.Value.Unit);
        Assert.True(Math.Abs(result.Value.Value - truth) <= 3 * result.Value.StandardUncertainty,
            $"seed {seed}: ZZ = {result.Value} but the emulator's |zeta| is {truth} Hz");
        Assert.InRange(result.Value.StandardUncertainty, 100, 5000);

        // Both sweeps are on disk, complete, before anything is fitted from them.
        Assert.True(RawDataRecorder.ReadSummary(ground.SummaryPath).Complete);
        Assert.Equal(31, RawDataRecorder.ReadSummary(excited.SummaryPath).Points.Count);
        Assert.Equal(1.0, RawDataRecorder.ReadSummary(excited.SummaryPath).Settings["partner_excited"]);
    }

    [Fact]
    public async Task Either_saved_sweep_refits_to_the_same_zz_and_a_wrong_companion_is_an_input_error()
    {
        await using var bench = await EmulatedBench.StartAsync(303);
        var pair = bench.Station.Pair("q0_q1");
        StaticZzResult live;
        string groundPath, excitedPath;
        await using (var ground = RawDataRecorder.Create(bench.RawFolder, "zz-partner0"))
        await using (var excited = RawDataRecorder.Create(bench.RawFolder, "zz-partner1"))
        {
            var (g, e) = await StaticZz.AcquireAsync(pair, DelaySweepParameters.Linear(21, 0, 6e-6, 200), 1e6, ground, excited);
            live = StaticZz.Fit(pair.Name, g, e);
            (groundPath, excitedPath) = (ground.SummaryPath, excited.SummaryPath);
        }

        Assert.Equal("zz-partner0.raw.json", RawDataRecorder.ReadSummary(excitedPath).Companion);
        Assert.Equal("q0_q1", RawDataRecorder.ReadSummary(groundPath).Pair);
        foreach (var path in new[] { excitedPath, groundPath })
        {
            var refit = Assert.IsType<StaticZzResult>(OfflineFit.Refit(path));
            Assert.Equal("q0_q1", refit.Qubit);
            Assert.Equal(live.Value.Value, refit.Value.Value);
            Assert.Equal(live.Value.StandardUncertainty, refit.Value.StandardUncertainty);
        }

        // A companion that is the same half (partner state) is refused, naming the file.
        var selfPath = Path.Combine(bench.RawFolder, "zz-self.raw.json");
        File.WriteAllText(selfPath, File.ReadAllText(excitedPath).Replace("\"zz-partner0.raw.json\"", "\"zz-partner1.raw.json\"", StringComparison.Ordinal));
        var wrong = Assert.Throws<UserInputException>(() => OfflineFit.Refit(selfPath));
        Assert.Contains("zz-partner1.raw.json", wrong.Message, StringComparison.Ordinal);

        File.Delete(groundPath);
        var missing = Assert.Throws<UserInputException>(() => OfflineFit.Refit(excitedPath));
        Assert.Contains("zz-partner0.raw.json", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_pair_is_a_measurement_error_naming_the_pairs_there_are()
    {
        await using var bench = await EmulatedBench.StartAsync(1);
        var error = Assert.Throws<MeasurementException>(() => bench.Station.Pair("q2_q3"));
        Assert.Contains("q0_q1", error.Message, StringComparison.Ordinal);
    }
}
