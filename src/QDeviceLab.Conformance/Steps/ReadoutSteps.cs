using QDeviceLab.Protocols.Readout;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Conformance.Steps;

/// <summary>Readout characterization steps.</summary>
internal static class ReadoutSteps
{
    public static void Register(StepRegistry registry)
    {
        registry.Define(
            "the readout assignment fidelity of qubit {word} is measured with {int} shots per prepared state",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                var qubit = await harness.QubitAsync((string)a[0]!, step.CancellationToken).ConfigureAwait(false);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"readout-{qubit.Name}", AssignmentFidelity.ShotsColumn);
                var data = await AssignmentFidelity.AcquireAsync(qubit, (int)a[1]!, recorder, step.CancellationToken).ConfigureAwait(false);
                MeasuredMetrics.Keep(step, AssignmentFidelity.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) });
            });
    }
}
