using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Conformance.Steps;

/// <summary>T2 by Hahn echo and CPMG, and T_phi derived from T1 and a T2 measured earlier in the scenario.</summary>
internal static class EchoSteps
{
    public static void Register(StepRegistry registry)
    {
        registry.Define(
            "T2 echo of qubit {word} is measured by Hahn echo with {int} delays from {duration} to {duration} and {int} shots each",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                var qubit = await harness.QubitAsync((string)a[0]!, step.CancellationToken).ConfigureAwait(false);
                var sweep = DelaySweepParameters.Linear((int)a[1]!, (double)a[2]!, (double)a[3]!, (int)a[4]!);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"t2echo-{qubit.Name}");
                var data = await T2Echo.AcquireHahnAsync(qubit, sweep, recorder, step.CancellationToken).ConfigureAwait(false);
                MeasuredMetrics.Keep(step, T2Echo.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) });
            });

        registry.Define(
            "T2 of qubit {word} is measured by CPMG with {int} pi pulses, {int} delays from {duration} to {duration} and {int} shots each",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                var qubit = await harness.QubitAsync((string)a[0]!, step.CancellationToken).ConfigureAwait(false);
                var sweep = DelaySweepParameters.Linear((int)a[2]!, (double)a[3]!, (double)a[4]!, (int)a[5]!);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"t2cpmg-{qubit.Name}");
                var data = await T2Echo.AcquireCpmgAsync(qubit, sweep, (int)a[1]!, recorder, step.CancellationToken).ConfigureAwait(false);
                MeasuredMetrics.Keep(step, T2Echo.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) });
            });

        registry.Define(
            "T_phi is derived from T1 and {word}",
            (step, a) => MeasuredMetrics.Keep(step, PureDephasing.Derive(MeasuredMetrics.Find(step, "T1"), MeasuredMetrics.Find(step, (string)a[0]!))));
    }
}
