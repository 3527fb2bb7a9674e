using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.TwoQubit;

namespace QDeviceLab.Conformance.Steps;

/// <summary>Steps on a coupled pair of the station (<c>pairs:</c> of the station file).</summary>
internal static class TwoQubitSteps
{
    public static void Register(StepRegistry registry)
    {
        registry.Define(
            "the static ZZ of pair {word} is measured by Ramsey at {frequency} detuning with the partner in |0> and |1>, {int} delays from {duration} to {duration} and {int} shots each",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                await harness.Station.RecoverBrokenInstrumentsAsync(step.CancellationToken).ConfigureAwait(false);
                var pair = harness.Station.Pair((string)a[0]!);
                var sweep = DelaySweepParameters.Linear((int)a[2]!, (double)a[3]!, (double)a[4]!, (int)a[5]!);
                await using var ground = RawDataRecorder.Create(harness.RawDataDirectory, $"zz-{pair.Name}-partner0");
                await using var excited = RawDataRecorder.Create(harness.RawDataDirectory, $"zz-{pair.Name}-partner1");
                var (g, e) = await StaticZz.AcquireAsync(pair, sweep, (double)a[1]!, ground, excited, step.CancellationToken).ConfigureAwait(false);
                MeasuredMetrics.Keep(step, StaticZz.Fit(pair.Name, g, e) with { RawDataFile = harness.RelativeToReport(excited.SummaryPath) });
            });
    }
}
