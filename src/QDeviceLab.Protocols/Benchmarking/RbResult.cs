using QDeviceLab.Analysis;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Error per Clifford from standard RB, in both conventions, with the fit's uncertainty and a
/// bootstrap interval, the fit behind it and the data it came from. Its metric is
/// <see cref="MetricSymbol"/>, the average-gate-infidelity error per Clifford.
/// </summary>
public sealed record RbResult : IMeasuredMetric
{
    public const string MetricSymbol = "EPC";

    public string Metric => MetricSymbol;

    public required string Qubit { get; init; }

    /// <summary>The decay fit: p, A, B and both conventions with the fit's own uncertainty.</summary>
    public required RbFit Decay { get; init; }

    public FitResult Fit => Decay.Fit;

    public Measurement Value => ErrorPerClifford;

    FitResult? IMeasuredMetric.Fit => Fit;

    FitEvidence? IMeasuredMetric.Evidence => Evidence;

    /// <summary>
    /// Error per Clifford as average gate infidelity (unit "1"), the value judged against clauses.
    /// Its standard uncertainty is the larger of the fit's (Birge-scaled) standard error and the
    /// bootstrap interval's half-width over 1.96, so the verdict's interval is at least as wide as
    /// either analysis says it should be.
    /// </summary>
    public required Measurement ErrorPerClifford { get; init; }

    /// <summary>The same error as entanglement (process) infidelity, 1.5 times larger for one qubit.</summary>
    public Measurement EntanglementInfidelity => Decay.EntanglementInfidelity;

    /// <summary>Error per Clifford divided by the mean number of physical pulses per Clifford (1.875 for the X/Y table, as recorded with the data).</summary>
    public Measurement ErrorPerPulse
    {
        get
        {
            var pulses = Data.Settings.GetValueOrDefault("mean_pulses_per_clifford", OneQubitCliffords.MeanPulsesPerClifford);
            return new(ErrorPerClifford.Value / pulses, ErrorPerClifford.StandardUncertainty / pulses, "1");
        }
    }

    /// <summary>Percentile bootstrap interval of the average gate infidelity.</summary>
    public required BootstrapInterval Bootstrap { get; init; }

    /// <summary>Mean duration of one Clifford as played, seconds.</summary>
    public required double MeanCliffordDuration { get; init; }

    public required string Method { get; init; }

    public required FitEvidence Evidence { get; init; }

    public required RbData Data { get; init; }

    /// <summary>Path of the raw-data summary on disk, when it was recorded.</summary>
    public string? RawDataFile { get; init; }

    /// <summary>Lengths, sequences per length and shots of the reference sequences it was fitted to.</summary>
    public IReadOnlyDictionary<string, double> MethodFacts => MethodFact.OfRb(Data, Data.InterleavedGate is null ? null : false);
}

/// <summary>
/// Error of one gate from interleaved RB, with the reference RB it was measured against. Its
/// metric is <see cref="MetricSymbol"/>, the gate's average gate infidelity r_C.
/// </summary>
public sealed record InterleavedRbResult : IMeasuredMetric
{
    public const string MetricSymbol = "EPG";

    public string Metric => MetricSymbol;

    public string Qubit => Reference.Qubit;

    public Measurement Value => GateError;

    /// <summary>Path of the raw-data summary on disk (reference and interleaved sequences share it).</summary>
    public string? RawDataFile { get; init; }

    public FitResult Fit => InterleavedFit.Fit;

    FitResult? IMeasuredMetric.Fit => Fit;

    FitEvidence? IMeasuredMetric.Evidence => Evidence;

    public required string Gate { get; init; }

    public required RbResult Reference { get; init; }

    public required RbFit InterleavedFit { get; init; }

    /// <summary>r_C = (d-1)(1 - p_C/p)/d (average gate infidelity) with its statistical standard uncertainty.</summary>
    public required Measurement StatisticalGateError { get; init; }

    /// <summary>Magesan's systematic bound E: the gate's true error lies within r_C +- E whatever the error model.</summary>
    public required double SystematicBound { get; init; }

    /// <summary>
    /// r_C with the statistical uncertainty and the systematic bound combined, the bound taken as a
    /// rectangular distribution of half-width E (GUM type B, u = E/sqrt(3)): the value judged against clauses.
    /// </summary>
    public Measurement GateError => new(
        StatisticalGateError.Value,
        Math.Sqrt((StatisticalGateError.StandardUncertainty * StatisticalGateError.StandardUncertainty) + (SystematicBound * SystematicBound / 3)),
        "1");

    public required string Method { get; init; }

    public required FitEvidence Evidence { get; init; }

    /// <summary>Over reference and interleaved sequences alike: the fewest of either kind is what limits r_C.</summary>
    public IReadOnlyDictionary<string, double> MethodFacts => MethodFact.OfRb(Reference.Data, null);
}
