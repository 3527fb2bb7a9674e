using System.Globalization;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Conformance.Steps;

/// <summary>
/// Randomized-benchmarking steps. They leave EPC (interleaved: and EPG; two-qubit: EPC2) for the generic
/// "{word} is assessed against clause {word}" step.
/// </summary>
internal static class BenchmarkingSteps
{
    /// <summary>A comma-separated list of whole numbers, e.g. <c>1, 20, 50, 100</c>: sequence lengths in Cliffords.</summary>
    public static StepParameterType Lengths { get; } = new(
        "lengths",
        [@"\d+(?:, ?\d+)+"],
        typeof(int[]),
        text => text.Split(',', StringSplitOptions.TrimEntries).Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray(),
        useForSnippets: false);

    public static void Register(StepRegistry registry)
    {
        registry.DefineParameterType(Lengths);

        registry.Define(
            "single-qubit randomized benchmarking of qubit {word} is run at lengths {lengths} with {int} random sequences per length and {int} shots each",
            async (step, a) =>
            {
                var (qubitName, lengths, sequences, shots) = ((string)a[0]!, (int[])a[1]!, (int)a[2]!, (int)a[3]!);
                await RunAsync(step, "rb", qubitName, new RbParameters(lengths, sequences, shots, Seed(step, qubitName))).ConfigureAwait(false);
            });

        registry.Define(
            "interleaved randomized benchmarking of gate {word} on qubit {word} is run at lengths {lengths} with {int} random sequences per length and {int} shots each",
            async (step, a) =>
            {
                var (gateName, qubitName, lengths, sequences, shots) = ((string)a[0]!, (string)a[1]!, (int[])a[2]!, (int)a[3]!, (int)a[4]!);
                var gate = RbParameters.InterleavableGates.FirstOrDefault(g => string.Equals(g.ToString(), gateName, StringComparison.Ordinal));
                if (gate == CliffordPulse.Idle)
                {
                    throw new MeasurementException($"interleaved RB characterizes {string.Join(", ", RbParameters.InterleavableGates)}, not '{gateName}'");
                }

                await RunAsync(step, "irb-" + gateName, qubitName, new RbParameters(lengths, sequences, shots, Seed(step, qubitName), gate)).ConfigureAwait(false);
            });

        registry.Define(
            "two-qubit randomized benchmarking of pair {word} is run at lengths {lengths} with {int} random sequences per length and {int} shots each",
            async (step, a) =>
            {
                var (pairName, lengths, sequences, shots) = ((string)a[0]!, (int[])a[1]!, (int)a[2]!, (int)a[3]!);
                var harness = Harness.Of(step);
                var pair = await harness.PairAsync(pairName, step.CancellationToken).ConfigureAwait(false);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"rb2-{pair.Name}", RandomizedBenchmarking.ShotsColumn);
                var data = await TwoQubitRandomizedBenchmarking.AcquireAsync(pair, new RbParameters(lengths, sequences, shots, Seed(step, pairName)), recorder, step.CancellationToken).ConfigureAwait(false);
                MeasuredMetrics.Keep(step, TwoQubitRandomizedBenchmarking.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) });
            });
    }

    private static async Task RunAsync(StepContext step, string prefix, string qubitName, RbParameters parameters)
    {
        var harness = Harness.Of(step);
        var qubit = await harness.QubitAsync(qubitName, step.CancellationToken).ConfigureAwait(false);
        await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"{prefix}-{qubit.Name}", RandomizedBenchmarking.ShotsColumn);
        var data = await RandomizedBenchmarking.AcquireAsync(qubit, parameters, recorder, step.CancellationToken).ConfigureAwait(false);
        var file = harness.RelativeToReport(recorder.SummaryPath);
        if (parameters.InterleavedGate is null)
        {
            MeasuredMetrics.Keep(step, RandomizedBenchmarking.Fit(data) with { RawDataFile = file });
            return;
        }

        var interleaved = RandomizedBenchmarking.FitInterleaved(data) with { RawDataFile = file };
        MeasuredMetrics.Keep(step, interleaved.Reference with { RawDataFile = file });
        MeasuredMetrics.Keep(step, interleaved);
    }

    /// <summary>
    /// The run's seed mixed with the qubit name (FNV-1a, stable across processes unlike
    /// string.GetHashCode), so each qubit draws its own sequences and a rerun with the same seed
    /// draws the same ones. Without a run seed a fresh one is drawn; it is recorded with the data.
    /// </summary>
    private static int Seed(StepContext step, string qubit)
    {
        if (step.Run.Seed is not { } run)
        {
            return Random.Shared.Next();
        }

        var hash = 2166136261u ^ (uint)run ^ (uint)(run >> 32);
        foreach (var c in qubit)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }
}
