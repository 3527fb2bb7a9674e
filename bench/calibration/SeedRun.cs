using System.Globalization;
using MathNet.Numerics;
using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Bench.Calibration;

/// <summary>One metric of one seed: value, standard uncertainty, the reference it is judged against, and the fit grade with its reasons (commas turned into semicolons for the CSV).</summary>
internal sealed record MetricRow(int Seed, string Metric, double Value, double Uncertainty, double Reference, double Seconds, string Grade)
{
    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Seed},{Metric},{Value:R},{Uncertainty:R},{Reference:R},{Seconds:F2},{Grade}");
}

/// <summary>
/// Measures T1, T2*, T2E, F_RO and EPC of one qubit on a freshly seeded emulated station, with the
/// sweeps of the default features (features/), so the figures describe what a default run reports.
/// </summary>
internal static class SeedRun
{
    public const string CsvHeader = "seed,metric,value,u,reference,seconds,grade";

    private static readonly int[] RbLengths = [1, 20, 50, 100, 150, 200, 300, 400, 550, 700];

    public static async Task<IReadOnlyList<MetricRow>> RunAsync(string stationPath, int seed, string qubitName, ISet<string>? only = null)
    {
        var raw = Directory.CreateTempSubdirectory("qdl-calibration-").FullName;
        var emulator = EmulatedStation.Start(stationPath, seed);
        try
        {
            await using var station = await Station.OpenAsync(StationFile.Load(stationPath), emulator.Resources, TimeSpan.FromSeconds(30));
            var qubit = station.Qubit(qubitName);
            var truth = emulator.TruthFor(qubitName);
            var rows = new List<MetricRow>();

            async Task Measure(string metric, double reference, Func<Task<(Measurement Value, FitEvidence? Evidence)>> run)
            {
                if (only is not null && !only.Contains(metric))
                {
                    return;
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var (value, evidence) = await run();
                var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                rows.Add(new MetricRow(seed, metric, value.Value, value.StandardUncertainty, reference, seconds, evidence?.Grade is { } grade ? string.Join(" / ", [grade.Word, .. grade.Reasons]).Replace(',', ';') : "-"));
            }

            await Measure("T1", truth.T1, async () =>
            {
                await using var recorder = RawDataRecorder.Create(raw, "t1");
                var r = T1InversionRecovery.Fit(await T1InversionRecovery.AcquireAsync(qubit, DelaySweepParameters.Linear(31, 0, 240e-6, 400), recorder));
                return (r.Value, r.Evidence);
            });
            await Measure("T2*", truth.T2Star, async () =>
            {
                await using var recorder = RawDataRecorder.Create(raw, "ramsey");
                var r = T2StarRamsey.Fit(await T2StarRamsey.AcquireAsync(qubit, DelaySweepParameters.Linear(181, 0, 90e-6, 400), 0.4e6, recorder));
                return (r.Value, r.Evidence);
            });

            // The emulator has no quasi-static noise, so the echo's T2 equals its T2*.
            await Measure("T2E", truth.T2Star, async () =>
            {
                await using var recorder = RawDataRecorder.Create(raw, "echo");
                var r = T2Echo.Fit(await T2Echo.AcquireHahnAsync(qubit, DelaySweepParameters.Linear(41, 0, 150e-6, 1000), recorder));
                return (r.Value, r.Evidence);
            });
            await Measure("F_RO", ExpectedAssignmentFidelity(truth, qubit.PiPulse.Duration), async () =>
            {
                await using var recorder = RawDataRecorder.Create(raw, "readout", AssignmentFidelity.ShotsColumn);
                var r = AssignmentFidelity.Fit(await AssignmentFidelity.AcquireAsync(qubit, 5000, recorder));
                return (r.Value, null);
            });

            // EPC against the exact truth: p of the 24 noisy Clifford channels the AWG plays (Wallman 2018).
            var (inPhase, quadrature) = RandomizedBenchmarking.CliffordVolts(qubit);
            var rbTruth = emulator.RbTruthFor(qubitName, inPhase, quadrature, qubit.Awg.SampleRate, qubit.Awg.FullScaleVolts);
            await Measure("EPC", rbTruth.ErrorPerClifford, async () =>
            {
                await using var recorder = RawDataRecorder.Create(raw, "rb", RandomizedBenchmarking.ShotsColumn);
                var parameters = new RbParameters(RbLengths, 20, 200, seed);
                var r = RandomizedBenchmarking.Fit(await RandomizedBenchmarking.AcquireAsync(qubit, parameters, recorder));
                return (r.Value, r.Evidence);
            });
            return rows;
        }
        finally
        {
            await emulator.DisposeAsync();
            Directory.Delete(raw, recursive: true);
        }
    }

    /// <summary>Same derivation as EmulatedProtocolTests.ExpectedAssignmentFidelity: bare errors, cloud overlap, thermal population, decay during the pi pulse.</summary>
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
