using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>A limit from a standards clause; either bound may be absent, never both.</summary>
public sealed record Limit(double? Min, double? Max)
{
    /// <summary>
    /// Guard band in the clause's unit: an interval that meets the limit but comes closer to it
    /// than this is INCONCLUSIVE, not PASS. Null when the clause has none.
    /// </summary>
    public double? GuardBand { get; init; }

    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) => $"[{min:G6}, {max:G6}]",
        ({ } min, null) => $">= {min:G6}",
        (null, { } max) => $"<= {max:G6}",
        _ => "none",
    } + (GuardBand is { } band ? $" (guard band {band:G4})" : "");
}

/// <summary>How a fit behaved: the model, the reduced chi-square, and why the solver stopped.</summary>
public sealed record FitInfo(string Model, double? ReducedChiSquare, string? StopReason);

/// <summary>
/// One measured metric of one qubit, in SI units, with its standard uncertainty, the
/// confidence interval it was judged by, the clause and limit, and the verdict.
/// </summary>
public sealed record MetricResult
{
    /// <summary>Metric symbol as in the profile (<c>T1</c>, <c>T2*</c>).</summary>
    public required string Metric { get; init; }

    public string? Qubit { get; init; }

    public required double Value { get; init; }

    /// <summary>SI unit of <see cref="Value"/>, <see cref="StandardUncertainty"/> and the interval.</summary>
    public required string Unit { get; init; }

    public required double StandardUncertainty { get; init; }

    public double IntervalLow { get; init; } = double.NaN;

    public double IntervalHigh { get; init; } = double.NaN;

    /// <summary>Confidence level of the interval, 0.95 for 95 %.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    public Limit? Limit { get; init; }

    public string? ClauseId { get; init; }

    /// <summary>Id and version of the profile the clause comes from (<c>qdl-coherence@0.1.0</c>).</summary>
    public string? Profile { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public string? VerdictReason { get; init; }

    /// <summary>The measurement method, e.g. "inversion recovery".</summary>
    public string? Method { get; init; }

    /// <summary>Raw data file, relative to the report folder.</summary>
    public string? RawDataFile { get; init; }

    public FitInfo? Fit { get; init; }

    /// <summary>The data and fitted curve behind the value, for plots; null when there is none.</summary>
    public Analysis.FitEvidence? Evidence { get; init; }

    public Measurement Measurement => new(Value, StandardUncertainty, Unit);

    /// <summary>Grade of the clause's limit (<c>research</c>, <c>pilot-line</c>); null when the profile has no grades.</summary>
    public string? Grade { get; init; }

    /// <summary>Facts of the method actually used (shots, delays, ...), derived facts included; empty when none.</summary>
    public IReadOnlyDictionary<string, double> MethodFacts { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether the method met the clause's requirements; null when the clause states none.</summary>
    public MethodConformance? MethodConformance { get; init; }

    /// <summary>
    /// Judges <paramref name="measurement"/> against <paramref name="clause"/> and returns the
    /// complete result, so a step can record a metric in one line.
    /// </summary>
    public static MetricResult Evaluate(Clause clause, Measurement measurement, string? qubit, string? rawDataFile = null, FitInfo? fit = null)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var judged = ClauseEvaluator.Evaluate(clause, measurement);
        return new MetricResult
        {
            Metric = clause.Metric.Symbol,
            Qubit = qubit,
            Value = measurement.Value,
            Unit = measurement.Unit,
            StandardUncertainty = measurement.StandardUncertainty,
            IntervalLow = judged.Interval.Low,
            IntervalHigh = judged.Interval.High,
            ConfidenceLevel = judged.Interval.Level,
            Limit = clause.Limit,
            ClauseId = clause.Id,
            Profile = clause.Profile,
            Grade = clause.Grade,
            Verdict = judged.Verdict,
            VerdictReason = judged.Reason,
            Method = clause.Metric.Method,
            RawDataFile = rawDataFile,
            Fit = fit,
        };
    }
}
