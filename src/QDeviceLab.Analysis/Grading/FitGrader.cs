using System.Globalization;
using MathNet.Numerics.Distributions;

namespace QDeviceLab.Analysis;

/// <summary>
/// Grades a fit GOOD or POOR from checks a reviewer would make by eye, each with a reason:
/// the solver converged; the covariance exists; no parameter sits on a bound; chi-square is
/// plausible for its degrees of freedom (weighted fits only); the key parameter is determined to
/// better than <see cref="FitGradingCriteria.MaxRelativeStandardError"/>; the sampled x range
/// resolves the decay (enough points inside one decay time, enough decay times spanned) and,
/// for fringes, the sampling is above Nyquist.
/// </summary>
/// <remarks>
/// The key parameter depends on the model: the decay time <c>tau</c> (exponential decay, damped
/// cosine), the rate <c>k</c> of a saturating rise, the error 1 - p of an RB decay; a model not
/// known here has every parameter checked. Uncertainties are the reported ones: known-sigma
/// standard errors scaled up (never down) by sqrt(chi2_red) for weighted fits, residual-scaled
/// standard errors for unweighted ones.
/// </remarks>
public static class FitGrader
{
    public static FitGrade Grade(FitResult fit, IReadOnlyList<double> x, FitGradingCriteria? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(x);
        criteria ??= FitGradingCriteria.Default;
        var reasons = new List<string>();

        if (!fit.Converged)
        {
            reasons.Add(Text($"the solver did not converge ({fit.StopReason} after {fit.Iterations} iterations)"));
        }

        if (fit.StandardErrors.Any(s => !double.IsFinite(s)))
        {
            reasons.Add("the covariance is singular: some parameter combination is not determined by the data");
        }

        if (fit.ParametersAtBound.Count > 0)
        {
            reasons.Add($"{string.Join(", ", fit.ParametersAtBound)} ended on a bound, where the error bar does not describe the uncertainty");
        }

        var (low, high) = (double.NaN, double.NaN);
        if (fit.IsWeighted && fit.DegreesOfFreedom > 0)
        {
            (low, high) = ReducedChiSquareBand(fit.DegreesOfFreedom, criteria.ChiSquareAcceptance);
            var chi2 = fit.ReducedChiSquare;
            if (!(chi2 >= low))
            {
                reasons.Add(Text($"reduced chi-square {chi2:G3} is below the {criteria.ChiSquareAcceptance:P0} acceptance band [{low:G3}, {high:G3}] for {fit.DegreesOfFreedom} degrees of freedom: the sigmas overstate the scatter"));
            }
            else if (!(chi2 <= high))
            {
                reasons.Add(Text($"reduced chi-square {chi2:G3} is above the {criteria.ChiSquareAcceptance:P0} acceptance band [{low:G3}, {high:G3}] for {fit.DegreesOfFreedom} degrees of freedom: the model misses the data or the sigmas understate the scatter"));
            }
        }

        var finiteX = x.Where(double.IsFinite).ToArray();
        foreach (var key in KeyParameters(fit))
        {
            CheckKeyParameter(fit, key, finiteX, criteria, reasons);
        }

        CheckFringeSampling(fit, finiteX, reasons);
        return new FitGrade(reasons.Count == 0 ? FitQuality.Good : FitQuality.Poor, reasons, low, high);
    }

    /// <summary>
    /// Reduced chi-square interval [q((1-a)/2), q((1+a)/2)] / dof of the chi-square distribution
    /// with <paramref name="degreesOfFreedom"/>: where chi2/dof of a correct model with correct
    /// sigmas falls with probability <paramref name="acceptance"/>.
    /// </summary>
    public static (double Low, double High) ReducedChiSquareBand(int degreesOfFreedom, double acceptance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (!(acceptance > 0 && acceptance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(acceptance), acceptance, "the acceptance probability must lie strictly between 0 and 1");
        }

        var tail = (1 - acceptance) / 2;
        return (ChiSquared.InvCDF(degreesOfFreedom, tail) / degreesOfFreedom, ChiSquared.InvCDF(degreesOfFreedom, 1 - tail) / degreesOfFreedom);
    }

    /// <summary>The standard error a report states: Birge-scaled (up only) when weighted, residual-scaled when not.</summary>
    internal static double ReportedStandardError(FitResult fit, int index) =>
        fit.StandardErrors[index] * UncertaintyScale(fit);

    /// <summary>Factor from <see cref="FitResult.Covariance"/> standard errors to reported ones.</summary>
    internal static double UncertaintyScale(FitResult fit)
    {
        if (!double.IsFinite(fit.ReducedChiSquare))
        {
            return fit.IsWeighted ? 1.0 : double.NaN;
        }

        return fit.IsWeighted ? Math.Sqrt(Math.Max(1.0, fit.ReducedChiSquare)) : Math.Sqrt(fit.ReducedChiSquare);
    }

    private enum KeyKind
    {
        DecayTime,
        Rate,
        RbDecay,
        Plain,
    }

    private readonly record struct Key(int Index, KeyKind Kind);

    private static IEnumerable<Key> KeyParameters(FitResult fit)
    {
        int Index(string name) => fit.ParameterNames.ToList().IndexOf(name);
        if (Index("tau") is >= 0 and var tau)
        {
            return [new Key(tau, KeyKind.DecayTime)];
        }

        if (string.Equals(fit.ModelName, "RbDecay", StringComparison.Ordinal) && Index("p") is >= 0 and var p)
        {
            return [new Key(p, KeyKind.RbDecay)];
        }

        if (string.Equals(fit.ModelName, "ExponentialRise", StringComparison.Ordinal) && Index("k") is >= 0 and var k)
        {
            return [new Key(k, KeyKind.Rate)];
        }

        return Enumerable.Range(0, fit.ParameterNames.Count).Select(j => new Key(j, KeyKind.Plain));
    }

    private static void CheckKeyParameter(FitResult fit, Key key, double[] x, FitGradingCriteria criteria, List<string> reasons)
    {
        var name = fit.ParameterNames[key.Index];
        var value = fit.Values[key.Index];
        var error = ReportedStandardError(fit, key.Index);

        // The quantity whose relative precision matters, and the x scale on which the data decay.
        var (quantity, quantityName, scale) = key.Kind switch
        {
            KeyKind.DecayTime => (value, name, value),
            KeyKind.Rate => (value, name, 1 / value),
            KeyKind.RbDecay => (1 - value, "1 - p", value is > 0 and < 1 ? -1 / Math.Log(value) : double.NaN),
            _ => (value, name, double.NaN),
        };
        var relative = Math.Abs(error / quantity);
        if (double.IsFinite(error) && !(relative <= criteria.MaxRelativeStandardError))
        {
            reasons.Add(Text($"{quantityName} = {quantity:G4} has a relative standard uncertainty of {relative:P0}, above {criteria.MaxRelativeStandardError:P0}"));
        }

        if (key.Kind == KeyKind.Plain || x.Length == 0 || !(scale > 0) || !double.IsFinite(scale))
        {
            return;
        }

        var (first, last) = (x.Min(), x.Max());
        var unit = key.Kind == KeyKind.RbDecay ? "decay lengths -1/ln p" : "decay times";
        var needed = key.Kind == KeyKind.RbDecay ? criteria.MinRbSpanInDecayLengths : criteria.MinSpanInDecayTimes;
        var spanned = (last - first) / scale;
        if (spanned < needed)
        {
            reasons.Add(Text($"the x values span {spanned:G3} {unit} ({scale:G4}), fewer than {needed:G3}: the asymptote is not pinned by the data"));
        }

        var early = x.Count(v => v - first <= scale);
        if (early < criteria.MinPointsPerDecayTime)
        {
            reasons.Add(Text($"only {early} points lie within the first decay ({scale:G4}) of the first x; at least {criteria.MinPointsPerDecayTime} are needed to resolve it"));
        }
    }

    /// <summary>Fringes above the Nyquist frequency of the median spacing alias to a lower frequency and another decay time.</summary>
    private static void CheckFringeSampling(FitResult fit, double[] x, List<string> reasons)
    {
        var index = fit.ParameterNames.ToList().IndexOf("f");
        if (index < 0 || !string.Equals(fit.ModelName, "DampedCosine", StringComparison.Ordinal) || x.Length < 2)
        {
            return;
        }

        var sorted = x.Order().ToArray();
        var gaps = sorted.Zip(sorted.Skip(1), (a, b) => b - a).Where(g => g > 0).Order().ToArray();
        if (gaps.Length == 0)
        {
            return;
        }

        var spacing = gaps[gaps.Length / 2];
        var frequency = fit.Values[index];
        if (frequency * spacing >= 0.5)
        {
            reasons.Add(Text($"the fringe frequency {frequency:G4} is at or above the Nyquist frequency {0.5 / spacing:G4} of the median spacing: the fit may be an alias"));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
