using QDeviceLab.Analysis;
using QDeviceLab.Core;

namespace QDeviceLab.Protocols;

/// <summary>
/// What every protocol's Result stage hands to the judging step and to <c>qdlab fit</c>: one
/// metric of one qubit with its standard uncertainty, how it was obtained, and the evidence.
/// Fitted metrics carry their fit; derived or counted ones (T_phi, assignment fidelity) do not.
/// </summary>
public interface IMeasuredMetric
{
    /// <summary>Symbol as the standards profiles name it: <c>T1</c>, <c>T2E</c>, <c>F_RO</c>...</summary>
    string Metric { get; }

    string Qubit { get; }

    /// <summary>Value and standard uncertainty in SI units.</summary>
    Measurement Value { get; }

    /// <summary>One or two sentences on how it was measured, for the report.</summary>
    string Method { get; }

    /// <summary>Raw-data summary on disk, relative to the report folder when recorded by a run.</summary>
    string? RawDataFile { get; }

    /// <summary>The fit behind the value; null when the value is counted or derived.</summary>
    FitResult? Fit { get; }

    /// <summary>Fitted points and curve for plots; null when there is no curve.</summary>
    FitEvidence? Evidence { get; }
}
