using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

/// <summary>The two-qubit RB summary read back: a faithful file refits, a damaged one is an input error naming the file and field.</summary>
public sealed class TwoQubitRbRawDataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-rb2-raw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_summary_round_trips_and_refits_to_the_numbers_of_the_data_it_holds()
    {
        var data = Synthetic(p: 0.98);
        var path = await WriteAsync(data);

        var refit = Assert.IsType<TwoQubitRbResult>(OfflineFit.Refit(path));
        var live = TwoQubitRandomizedBenchmarking.Fit(data);
        Assert.Equal(live.ErrorPerClifford, refit.ErrorPerClifford);
        Assert.Equal(live.Bootstrap, refit.Bootstrap);
        Assert.InRange(refit.Decay.P.Value, 0.97, 0.99);
        Assert.Equal(0.75 * (1 - refit.Decay.P.Value), refit.ErrorPerClifford.Value, 12);
        Assert.Equal(1.5, refit.MeanControlledZPerClifford, 12);
        Assert.Equal(refit.ErrorPerClifford.Value / 1.5, refit.ErrorPerControlledZBound.Value, 12);
        Assert.Equal(5, refit.MethodFacts[MethodFact.SequenceLengths]);
        Assert.Equal(4, refit.MethodFacts[MethodFact.SequencesPerLength]);
    }

    [Fact]
    public async Task Outcome_counts_that_do_not_add_up_to_the_shots_are_an_input_error_naming_the_sequence()
    {
        var data = Synthetic(p: 0.98);
        var broken = data with { Sequences = [.. data.Sequences.Select((s, i) => i == 3 ? s with { Outcomes = [s.Outcomes[0], 0, 0, 0] } : s)] };
        var path = await WriteAsync(broken);

        var error = Assert.Throws<UserInputException>(() => RawDataFile.Read(path));
        Assert.Contains("sequences[3].outcomes", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_Clifford_index_outside_the_two_qubit_group_is_an_input_error()
    {
        var data = Synthetic(p: 0.98);
        var broken = data with { Sequences = [.. data.Sequences.Select((s, i) => i == 0 ? s with { Recovery = TwoQubitCliffords.Count } : s)] };
        var path = await WriteAsync(broken);

        var error = Assert.Throws<UserInputException>(() => RawDataFile.Read(path));
        Assert.Contains("sequences[0] names a Clifford outside 0-11519", error.Message);
    }

    /// <summary>Survival 0.75 p^m + 0.25 exactly (no shot noise beyond rounding), 4 sequences per length, 1.5 CZ per Clifford.</summary>
    private static TwoQubitRbData Synthetic(double p)
    {
        var generator = new TwoQubitRbSequenceGenerator(1);
        var sequences = new List<TwoQubitRbSequenceRecord>();
        foreach (var m in new[] { 1, 10, 30, 60, 100 })
        {
            for (var k = 0; k < 4; k++)
            {
                var sequence = generator.Next(m);
                var survived = (int)Math.Round(1000 * ((0.75 * Math.Pow(p, m)) + 0.25)) - k;
                var rest = 1000 - survived;
                sequences.Add(new TwoQubitRbSequenceRecord(sequences.Count, m, sequence.Random, sequence.Recovery, [survived, rest / 3, rest / 3, rest - (2 * (rest / 3))], 1000, (3 * (m + 1)) / 2, 200e-9 * (m + 1)));
            }
        }

        // Make the CZ total exactly 1.5 per played Clifford.
        var total = sequences.Sum(s => s.Length + 1);
        var czs = sequences.Sum(s => s.ControlledZs);
        sequences[0] = sequences[0] with { ControlledZs = sequences[0].ControlledZs + ((3 * total / 2) - czs) };
        return new TwoQubitRbData
        {
            Protocol = TwoQubitRandomizedBenchmarking.ProtocolName,
            Qubit = "q0_q1",
            QubitA = "q0",
            QubitB = "q1",
            StartedUtc = DateTimeOffset.UnixEpoch,
            Complete = true,
            Seed = 3,
            Settings = new Dictionary<string, double> { ["shots"] = 1000, ["bootstrap_resamples"] = 50 },
            Instruments = new Dictionary<string, string>(),
            Sequences = sequences,
            ShotsFile = "none.shots.csv",
        };
    }

    private async Task<string> WriteAsync(TwoQubitRbData data)
    {
        await using var recorder = RawDataRecorder.Create(_folder, "rb2", RandomizedBenchmarking.ShotsColumn);
        await recorder.WriteSummaryAsync(data);
        return recorder.SummaryPath;
    }
}
