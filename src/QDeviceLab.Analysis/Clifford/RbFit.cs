using QDeviceLab.Core;

namespace QDeviceLab.Analysis.Clifford;

/// <summary>How one RB sequence came out: its length m, and how many of its shots read |0>.</summary>
public readonly record struct RbOutcome(int Length, int Survived, int Shots)
{
    public double Survival => (double)Survived / Shots;
}

/// <summary>Mean survival at one length over its sequences, with the standard error the fit weights it by.</summary>
public sealed record RbPoint(int Length, double MeanSurvival, double StandardError, int Sequences, int Shots)
{
    /// <summary>Sample variance of the sequences' survivals at this length (0 with a single sequence).</summary>
    public double SequenceVariance { get; init; }

    /// <summary>Mean of 1/shots over the sequences: a sequence's binomial variance is F(1-F) times this.</summary>
    public double MeanInverseShots { get; init; }
}

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
/// The fit is made to the mean survival per length, weighted by the standard error of that mean
/// from a model of its variance: sqrt((F(1-F)/N + tau^2(m)) / K) for K sequences of N shots,
/// with F the fitted survival, F(1-F)/N the shot noise of one sequence and tau^2(m) = c (1 - p^m)
/// the spread between sequences, which is zero at m = 0 and grows as errors accumulate. c is the
/// sample variances' excess over shot noise, pooled over all lengths; the fit and the weights are
/// iterated four times from a first fit weighted by each length's own sample standard error.
/// Why a model rather than each length's own spread: with coherent errors one length's survivals
/// are skewed (a few sequences far down), so a length whose mean comes out low also has a large
/// sample spread and a small weight; weighting by that spread leans the fit to the high means and
/// under-reports the error per Clifford (by 5-7 % for a qubit whose error is mostly an uncorrected
/// detuning; docs/statistics.md). Weights from the fitted curve do not depend on the noise of the
/// point they weight. Per-sequence points with binomial weights alone would be the wrong model:
/// sequences at one length genuinely differ, so their scatter exceeds shot noise. As for the
/// coherence fits, u(p) is the fit's standard error scaled up (never down) by the Birge ratio
/// sqrt(chi2_red).
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
            points.Add(new RbPoint(group.Key, mean, standardError, k, sequences.Sum(s => s.Shots))
            {
                SequenceVariance = sampleVariance,
                MeanInverseShots = sequences.Average(s => 1.0 / s.Shots),
            });
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
        var lengths = points.Select(p => (double)p.Length).ToArray();
        var means = points.Select(p => p.MeanSurvival).ToArray();
        var fit = CurveFitter.Fit(model, lengths, means, points.Select(p => p.StandardError).ToArray(), initialGuess);
        for (var iteration = 0; iteration < VarianceModelIterations && Usable(fit); iteration++)
        {
            var sigma = ModelledStandardErrors(points, fit);
            var next = CurveFitter.Fit(model, lengths, means, sigma, [.. fit.Values]);
            if (!Usable(next))
            {
                break;
            }

            fit = next;
            points = [.. points.Select((point, i) => point with { StandardError = sigma[i] })];
        }

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

    /// <summary>Fit and re-weight this many times after the first fit (converged well before: the weights move p by under 1e-6 of itself after three).</summary>
    public const int VarianceModelIterations = 4;

    // A re-weighted fit that lost p's standard error (p driven to 1, where A and B are one
    // parameter) is not taken: the previous weights and fit stand.
    private static bool Usable(FitResult fit) =>
        fit.Converged && fit.Values.All(double.IsFinite) && double.IsFinite(fit.Parameter("p").StandardError);

    /// <summary>
    /// Standard error of each length's mean survival from the variance model in the class remarks,
    /// evaluated at <paramref name="fit"/>'s parameters.
    /// </summary>
    private static double[] ModelledStandardErrors(IReadOnlyList<RbPoint> points, FitResult fit)
    {
        var a = fit.Values[0];
        var p = fit.Values[1];
        var b = fit.Values[2];
        var shotNoise = new double[points.Count];
        var growth = new double[points.Count];
        double excess = 0;
        double pooledGrowth = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];

            // Half a shot from either end keeps the shot noise of a survival fitted at 0 or 1 finite.
            var floor = 0.5 * point.MeanInverseShots;
            var survival = Math.Clamp(a * Math.Pow(p, point.Length) + b, floor, 1 - floor);
            shotNoise[i] = survival * (1 - survival) * point.MeanInverseShots;
            growth[i] = Math.Max(0, 1 - Math.Pow(p, point.Length));
            if (point.Sequences > 1)
            {
                excess += point.SequenceVariance - shotNoise[i];
                pooledGrowth += growth[i];
            }
        }

        var spread = pooledGrowth > 0 ? Math.Max(0, excess / pooledGrowth) : 0;
        var sigma = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            sigma[i] = Math.Sqrt((shotNoise[i] + (spread * growth[i])) / points[i].Sequences);
        }

        return sigma;
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
