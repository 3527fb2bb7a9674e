using QDeviceLab.Core;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Conformance.Steps;

/// <summary>T1 and T2* measurement steps and the step that judges any measured metric against a clause.</summary>
internal static class CoherenceSteps
{
    public static void Register(StepRegistry registry)
    {
        registry.Define(
            "T1 of qubit {word} is measured by inversion recovery with {int} delays from {duration} to {duration} and {int} shots each",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                var qubit = await harness.QubitAsync((string)a[0]!, step.CancellationToken).ConfigureAwait(false);
                var sweep = DelaySweepParameters.Linear((int)a[1]!, (double)a[2]!, (double)a[3]!, (int)a[4]!);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"t1-{qubit.Name}");
                var data = await T1InversionRecovery.AcquireAsync(qubit, sweep, recorder, step.CancellationToken).ConfigureAwait(false);
                Keep(step, T1InversionRecovery.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) });
            });

        registry.Define(
            "T2* of qubit {word} is measured by Ramsey at {frequency} detuning with {int} delays from {duration} to {duration} and {int} shots each",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                var qubit = await harness.QubitAsync((string)a[0]!, step.CancellationToken).ConfigureAwait(false);
                var sweep = DelaySweepParameters.Linear((int)a[2]!, (double)a[3]!, (double)a[4]!, (int)a[5]!);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"t2star-{qubit.Name}");
                var data = await T2StarRamsey.AcquireAsync(qubit, sweep, (double)a[1]!, recorder, step.CancellationToken).ConfigureAwait(false);
                Keep(step, T2StarRamsey.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) });
            });

        registry.Define("{word} is assessed against clause {word}", (step, a) =>
            step.Scenario.Record(MeasuredMetrics.Assess(step, (string)a[0]!, (string)a[1]!)));
    }

    private static void Keep(StepContext step, CoherenceResult result) => MeasuredMetrics.Keep(step, result);
}
