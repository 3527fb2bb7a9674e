using QDeviceLab.Analysis;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Error per two-qubit Clifford of a coupled pair from standard RB (d = 4), in both conventions,
/// with the fit's uncertainty, a bootstrap interval and an error-per-CZ estimate. Its metric is
/// <see cref="MetricSymbol"/>; <see cref="Qubit"/> is the pair's name.
/// </summary>
public sealed record TwoQubitRbResult : IMeasuredMetric
{
    public const string MetricSymbol = "EPC2";

    public string Metric => MetricSymbol;

    /// <summary>The pair's name (station file <c>pairs:</c>).</summary>
    public required string Qubit { get; init; }

    public required RbFit Decay { get; init; }

    public FitResult Fit => Decay.Fit;

    public Measurement Value => ErrorPerClifford;

    FitResult? IMeasuredMetric.Fit => Fit;

    FitEvidence? IMeasuredMetric.Evidence => Evidence;

    /// <summary>
    /// Average gate infidelity per two-qubit Clifford, r = 3(1 - p)/4, judged against clauses. Its
    /// standard uncertainty is the larger of the fit's (Birge-scaled) and the bootstrap interval's
    /// half-width over 1.96, as for one qubit.
    /// </summary>
    public required Measurement ErrorPerClifford { get; init; }

    /// <summary>The same error as entanglement infidelity, 15(1 - p)/16: 1.25 times the average gate infidelity.</summary>
    public Measurement EntanglementInfidelity => Decay.EntanglementInfidelity;

    /// <summary>Mean CZs per Clifford as played (recovery included): 1.5 over the group.</summary>
    public required double MeanControlledZPerClifford { get; init; }

    /// <summary>
    /// Error per CZ, an upper estimate: EPC divided by the CZs per Clifford, i.e. every error charged
    /// to the CZs and none to the single-qubit pulses, idles and decoherence between them. Meaningful
    /// as a bound only; interleaved RB of the CZ would isolate it.
    /// </summary>
    public Measurement ErrorPerControlledZBound => new(
        ErrorPerClifford.Value / MeanControlledZPerClifford,
        ErrorPerClifford.StandardUncertainty / MeanControlledZPerClifford,
        "1");

    public required BootstrapInterval Bootstrap { get; init; }

    /// <summary>Mean duration of one two-qubit Clifford as played (slope of sequence duration over length), seconds.</summary>
    public required double MeanCliffordDuration { get; init; }

    public required string Method { get; init; }

    public required FitEvidence Evidence { get; init; }

    public required TwoQubitRbData Data { get; init; }

    public string? RawDataFile { get; init; }

    public IReadOnlyDictionary<string, double> MethodFacts
    {
        get
        {
            var sequences = Data.Sequences;
            var facts = new Dictionary<string, double>(StringComparer.Ordinal) { [MethodFact.SequenceLengths] = sequences.Select(s => s.Length).Distinct().Count() };
            if (sequences.Count > 0)
            {
                facts[MethodFact.Shots] = sequences.Min(s => s.Shots);
                facts[MethodFact.SequencesPerLength] = sequences.GroupBy(s => s.Length).Min(g => g.Count());
                facts[MethodFact.LengthMax] = sequences.Max(s => s.Length);
            }

            return facts;
        }
    }
}
