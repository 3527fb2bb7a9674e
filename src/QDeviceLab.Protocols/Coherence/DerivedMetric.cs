using QDeviceLab.Analysis;
using QDeviceLab.Core;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// A metric computed from other measured metrics rather than fitted to data of its own; it has no
/// raw data or fit, and <see cref="Sources"/> says what it came from.
/// </summary>
public sealed record DerivedMetric(string Metric, string Qubit, Measurement Value, string Method, IReadOnlyList<IMeasuredMetric> Sources) : IMeasuredMetric
{
    string? IMeasuredMetric.RawDataFile => null;

    FitResult? IMeasuredMetric.Fit => null;

    FitEvidence? IMeasuredMetric.Evidence => null;
}
