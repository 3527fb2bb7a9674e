using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Readout;

/// <summary>
/// Readout assignment fidelity F = 1 - [P(0|1) + P(1|0)]/2 with its binomial standard uncertainty
/// and the confusion matrix it came from.
/// </summary>
public sealed record AssignmentFidelityResult(
    string Qubit,
    Measurement Value,
    ConfusionMatrix Confusion,
    string Method,
    SingleShotData Data) : IMeasuredMetric
{
    public string Metric => AssignmentFidelity.Metric;

    public string? RawDataFile { get; init; }

    FitResult? IMeasuredMetric.Fit => null;

    FitEvidence? IMeasuredMetric.Evidence => null;

    /// <summary>Prepared states and the fewest shots taken of any of them.</summary>
    public IReadOnlyDictionary<string, double> MethodFacts => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [MethodFact.PreparedStates] = Data.Prepared.Count,
        [MethodFact.Shots] = Data.Prepared.Count == 0 ? 0 : Data.Prepared.Min(p => p.Shots),
    };
}

/// <summary>P(m|s): probability of reading m when s was prepared, estimated from counts.</summary>
public sealed record ConfusionMatrix(double P0Given0, double P1Given0, double P0Given1, double P1Given1);
