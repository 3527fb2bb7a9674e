using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.RawData;
using Xunit.Abstractions;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

/// <summary>
/// Two-qubit RB end to end on the emulator's coupled pair: sequences compiled into both drives and
/// the flux line, uploaded over SCPI, evolved as one 4x4 density matrix, read as joint shots.
/// There is no closed-form EPC for the default pair, so these pin down consistency: an ideal pair
/// survives every sequence, decoherence alone gives about the coherence limit, a seed repeats.
/// </summary>
public sealed class TwoQubitRbEmulatorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_ideal_pair_survives_every_sequence_so_compilation_and_recovery_are_right()
    {
        await using var bench = await PairBench.StartAsync(decoherence: false, seed: 5);
        await using var recorder = RawDataRecorder.Create(bench.Folder, "rb2-ideal", RandomizedBenchmarking.ShotsColumn);
        var data = await TwoQubitRandomizedBenchmarking.AcquireAsync(bench.Pair, new RbParameters([0, 1, 3, 8, 16], 4, 50, seed: 9), recorder);

        Assert.Equal(20, data.Sequences.Count);
        Assert.True(data.Sequences.Sum(s => s.ControlledZs) > 20, "the sequences played almost no CZs; the flux line was not exercised");
        foreach (var sequence in data.Sequences)
        {
            Assert.True(sequence.Survived >= 49, $"sequence {sequence.Point} (length {sequence.Length}, {sequence.ControlledZs} CZs) read 00 in only {sequence.Survived} of 50 shots: outcomes {string.Join("/", sequence.Outcomes)}");
        }
    }

    [Fact]
    public async Task With_decoherence_only_the_error_per_Clifford_is_near_the_coherence_limit_of_its_duration()
    {
        await using var bench = await PairBench.StartAsync(decoherence: true, seed: 6);
        await using var recorder = RawDataRecorder.Create(bench.Folder, "rb2-decoherence", RandomizedBenchmarking.ShotsColumn);
        var data = await TwoQubitRandomizedBenchmarking.AcquireAsync(bench.Pair, new RbParameters([1, 15, 40, 80, 130, 180], 6, 200, seed: 4), recorder);
        var result = TwoQubitRandomizedBenchmarking.Fit(data);
        var estimate = CoherenceEstimate(bench, result.MeanCliffordDuration);
        output.WriteLine($"EPC {result.ErrorPerClifford}, p {result.Decay.P}, chi2_red {result.Fit.ReducedChiSquare:G3}, Clifford {result.MeanCliffordDuration * 1e9:G4} ns, CZ/Clifford {result.MeanControlledZPerClifford:G3}, coherence estimate {estimate:G4}, ratio {result.ErrorPerClifford.Value / estimate:G3}");
        Assert.InRange(result.ErrorPerClifford.Value / estimate, 0.5, 2.0);
        Assert.InRange(result.MeanControlledZPerClifford, 1.2, 1.8);
        Assert.InRange(result.ErrorPerClifford.Value, result.Bootstrap.Low, result.Bootstrap.High);
        Assert.Equal(1.25 * result.ErrorPerClifford.Value, result.EntanglementInfidelity.Value, 12);
    }

    [Fact]
    public async Task The_same_seeds_give_the_same_data_and_the_raw_file_refits_to_the_same_numbers()
    {
        var parameters = new RbParameters([1, 3, 6, 10], 3, 40, seed: 21);
        TwoQubitRbData first;
        TwoQubitRbResult live;
        IMeasuredMetric refit;
        await using (var bench = await PairBench.StartAsync(decoherence: true, seed: 8))
        {
            await using var recorder = RawDataRecorder.Create(bench.Folder, "rb2-seed", RandomizedBenchmarking.ShotsColumn);
            first = await TwoQubitRandomizedBenchmarking.AcquireAsync(bench.Pair, parameters, recorder);
            live = TwoQubitRandomizedBenchmarking.Fit(first);
            refit = OfflineFit.Refit(recorder.SummaryPath);
            Assert.Equal(2 * 40 * (2 + 12) + 1, File.ReadLines(recorder.ShotsPath).Count());
        }

        TwoQubitRbData second;
        await using (var bench = await PairBench.StartAsync(decoherence: true, seed: 8))
        {
            await using var recorder = RawDataRecorder.Create(bench.Folder, "rb2-seed", RandomizedBenchmarking.ShotsColumn);
            second = await TwoQubitRandomizedBenchmarking.AcquireAsync(bench.Pair, parameters, recorder);
        }

        Assert.Equal(first.Sequences.Select(s => (s.Recovery, string.Join(",", s.Cliffords), string.Join(",", s.Outcomes))), second.Sequences.Select(s => (s.Recovery, string.Join(",", s.Cliffords), string.Join(",", s.Outcomes))));
        var again = Assert.IsType<TwoQubitRbResult>(refit);
        Assert.Equal(TwoQubitRbResult.MetricSymbol, refit.Metric);
        Assert.Equal(live.ErrorPerClifford.Value, again.ErrorPerClifford.Value);
        Assert.Equal(live.ErrorPerClifford.StandardUncertainty, again.ErrorPerClifford.StandardUncertainty);
        Assert.Equal(live.Bootstrap.Low, again.Bootstrap.Low);
        Assert.Equal("q0_q1", again.Qubit);
    }

    /// <summary>
    /// Decoherence alone over one Clifford of duration t: each qubit's one-qubit coherence limit r_q
    /// (amplitude damping and dephasing, <see cref="CoherenceLimitedError"/>) turned into process
    /// infidelity (3/2 r_q), the two added (independent channels, first order), back to average gate
    /// infidelity at d = 4 (4/5): r = 1.2 (r_a + r_b).
    /// </summary>
    internal static double CoherenceEstimate(PairBench bench, double cliffordDuration)
    {
        double OneQubit(string name)
        {
            var truth = bench.Emulator.TruthFor(name);
            var t2 = 1 / ((1 / (2 * truth.T1)) + truth.PureDephasingRate);
            return CoherenceLimitedError.AverageGateInfidelity(cliffordDuration, truth.T1, t2);
        }

        return 1.2 * (OneQubit("q0") + OneQubit("q1"));
    }
}
