using QDeviceLab.Core;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.Calibration;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.Readout;
using QDeviceLab.Protocols.TwoQubit;

namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// Re-runs the Fit and Result stages on a saved raw-data summary, dispatching on its
/// <c>protocol</c> field. The stages are the ones the run used, on the same numbers (JSON
/// round-trips doubles exactly), so the value and uncertainty come out identical.
/// </summary>
public static class OfflineFit
{
    /// <summary>Protocols whose summaries can be re-fitted.</summary>
    public static IReadOnlyList<string> Protocols { get; } =
    [
        T1InversionRecovery.ProtocolName, T2StarRamsey.ProtocolName, T2Echo.HahnProtocolName, T2Echo.CpmgProtocolName,
        AssignmentFidelity.ProtocolName, RabiAmplitude.ProtocolName,
        RandomizedBenchmarking.ProtocolName, RandomizedBenchmarking.InterleavedProtocolName, TwoQubitRandomizedBenchmarking.ProtocolName,
        StaticZz.ProtocolName,
    ];

    /// <exception cref="UserInputException">The file is not a readable summary, or names a protocol this version cannot fit.</exception>
    /// <exception cref="MeasurementException">The data are readable but do not support a fit.</exception>
    public static IMeasuredMetric Refit(string path)
    {
        var summary = RawDataFile.Read(path);
        return (summary, summary.Protocol) switch
        {
            (DelaySweepData d, T1InversionRecovery.ProtocolName) => T1InversionRecovery.Fit(d),
            (DelaySweepData d, T2StarRamsey.ProtocolName) => T2StarRamsey.Fit(d),
            (DelaySweepData d, T2Echo.HahnProtocolName or T2Echo.CpmgProtocolName) => T2Echo.Fit(d),
            (AmplitudeSweepData a, RabiAmplitude.ProtocolName) => RabiAmplitude.Fit(a),
            (SingleShotData s, AssignmentFidelity.ProtocolName) => AssignmentFidelity.Fit(s),
            (RbData r, RandomizedBenchmarking.ProtocolName) => RandomizedBenchmarking.Fit(r),
            (RbData r, RandomizedBenchmarking.InterleavedProtocolName) => RandomizedBenchmarking.FitInterleaved(r),
            (TwoQubitRbData r, TwoQubitRandomizedBenchmarking.ProtocolName) => TwoQubitRandomizedBenchmarking.Fit(r),
            (DelaySweepData d, StaticZz.ProtocolName) => StaticZz.Refit(path, d),
            _ => throw new UserInputException(path, null,
                $"cannot re-fit protocol '{summary.Protocol}' stored as '{summary.Format}'; expected one of {string.Join(", ", Protocols)} in its own format"),
        };
    }
}
