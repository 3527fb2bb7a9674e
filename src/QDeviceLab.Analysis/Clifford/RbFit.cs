using QDeviceLab.Core;

namespace QDeviceLab.Analysis.Clifford;

/// <summary>How one RB sequence came out: its length m, and how many of its shots read |0>.</summary>
public readonly record struct RbOutcome(int Length, int Survived, int Shots)
{
    public double Survival => (double)Survived / Shots;
}

/// <summary>Mean survival at one length over its sequences, with the standard error the fit weights it by.</summary>
public sealed record RbPoint(int Length, double MeanSurvival, double StandardError, int Sequences, int Shots);

/// <summary>
/// An RB decay fitted to survival data: p with its standard uncertainty and the error per
/// Clifford in both conventions.
/// </summary>
public sealed record RbFit
{
    public required FitResult Fit { get; init; }

    public required IReadOnlyList<RbPoint> Points { get; init; }

    public required int Dimension { get; init; }

    /// <summary>Depolarizing parameter p with its standard uncertainty (Birge-scaled, see <see cref="RbAnalysis"/>).</summary>
    public required Measurement P { get; init; }

    /// <summary>Error per Clifford as average gate infidelity, (d-1)(1-p)/d, unit "1".</summary>
    public Measurement AverageGateInfidelity =>
        new(RbConventions.AverageGateInfidelity(P.Value, Dimension), RbConventions.AverageGateInfidelitySlope(Dimension) * P.StandardUncertainty, "1");

    /// <summary>Error per Clifford as entanglement infidelity, (d^2-1)(1-p)/d^2, unit "1".</summary>
    public Measurement EntanglementInfidelity =>
        new(RbConventions.EntanglementInfidelity(P.Value, Dimension), RbConventions.EntanglementInfidelitySlope(Dimension) * P.StandardUncertainty, "1");

    public double A => Fit.Parameter("A").Value;

    public double B => Fit.Parameter("B").Value;
}

/// <summary>
/// Fits F(m) = A p^m + B to RB survival data.
/// </summary>
/// <remarks>
/// The fit is made to the mean survival per length, each weighted by its standard error: the
/// sample standard deviation over the sequences divided by sqrt(K), floored by the binomial
/// error of the mean. Per-sequence points with binomial weights would be the wrong model: in RB
/// the sequences at one length genuinely differ (gate- and state-dependent errors such as T1
/// act differently on each), so their scatter exceeds shot noise and a binomial-weighted fit
/// would claim too much precision. The empirical error of the mean carries both sources; the
/// binomial floor stops a length whose few sequences happen to agree from getting an absurd
/// weight. As for the coherence fits, u(p) is the fit's standard error scaled up (never down)
/// by the Birge ratio sqrt(chi2_red).
/// </remarks>
public static class RbAnalysis
{
    public static IReadOnlyList<RbPoint> Average(IEnumerable<RbOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var points = new List<RbPoint>();
        foreach (var group in outcomes.GroupBy(o => o.Length).OrderBy(g => g.Key))
        {
            var sequences = group.ToArray();
            if (sequences.Any(s => s.Shots <= 0 || s.Survived < 0 || s.Survived > s.Shots))
            {
                throw new ArgumentException($"length {group.Key}: every sequence needs a positive shot count and 0 <= survived <= shots", nameof(outcomes));
            }

            var k = sequences.Length;
            var mean = sequences.Average(s => s.Survival);
            var sampleVariance = k > 1 ? sequences.Sum(s => (s.Survival - mean) * (s.Survival - mean)) / (k - 1) : 0.0;
            var binomial = ShotNoise.BinomialSigma(sequences.Sum(s => s.Survived), sequences.Sum(s => s.Shots));
            var standardError = Math.Sqrt(Math.Max(sampleVariance / k, binomial * binomial));
            points.Add(new RbPoint(group.Key, mean, standardError, k, sequences.Sum(s => s.Shots)));
        }

        return points;
    }

    /// <param name="initialGuess">Optional start (A, p, B), e.g. the full-data fit when refitting bootstrap resamples.</param>
    public static RbFit Fit(IEnumerable<RbOutcome> outcomes, int dimension = 2, double[]? initialGuess = null)
    {
        var points = Average(outcomes);
        if (points.Count < 4)
        {
            throw new ArgumentException($"an RB fit needs at least 4 distinct lengths, got {points.Count}", nameof(outcomes));
        }

        var model = new RbDecayModel(dimension);
        var fit = CurveFitter.Fit(
            model,
            points.Select(p => (double)p.Length).ToArray(),
            points.Select(p => p.MeanSurvival).ToArray(),
            points.Select(p => p.StandardError).ToArray(),
            initialGuess);
        var p = fit.Parameter("p");
        var birge = double.IsFinite(fit.ReducedChiSquare) ? Math.Sqrt(Math.Max(1.0, fit.ReducedChiSquare)) : 1.0;
        return new RbFit
        {
            Fit = fit,
            Points = points,
            Dimension = dimension,
            P = new Measurement(p.Value, p.StandardError * birge, "1"),
        };
    }

    /// <summary>
    /// The fitted points and curve in the report's evidence form (x = Cliffords, y = survival of |0>),
    /// with each sequence's own survival as samples when <paramref name="outcomes"/> are given.
    /// </summary>
    public static FitEvidence Evidence(RbFit fit, IReadOnlyList<RbOutcome>? outcomes = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var evidence = FitEvidence.From(
            new RbDecayModel(fit.Dimension),
            fit.Fit,
            fit.Points.Select(p => (double)p.Length).ToArray(),
            fit.Points.Select(p => p.MeanSurvival).ToArray(),
            fit.Points.Select(p => p.StandardError).ToArray(),
            "sequence length",
            "Cliffords",
            "survival probability of |0>");
        return outcomes is null ? evidence : evidence with
        {
            SampleX = outcomes.Select(o => (double)o.Length).ToArray(),
            SampleY = outcomes.Select(o => o.Survival).ToArray(),
        };
    }
}
