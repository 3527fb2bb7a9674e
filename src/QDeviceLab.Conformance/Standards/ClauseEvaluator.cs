using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>The verdict of a measurement against a clause, with the interval it was judged by.</summary>
public sealed record MetricVerdict(Verdict Verdict, ConfidenceInterval Interval, string Reason);

/// <summary>
/// Judges a measurement against a clause with its two-sided normal confidence interval
/// (value +- k u, k = 1.96 at 95 %): PASS when the whole interval meets the limit, FAIL when
/// it lies wholly outside, INCONCLUSIVE when it straddles a bound or, meeting the limit, comes
/// within the limit's guard band, ERROR when the numbers cannot be trusted. A bound met with
/// equality is met.
/// </summary>
public static class ClauseEvaluator
{
    public static MetricVerdict Evaluate(Clause clause, Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var k = CoverageFactor(clause.Confidence);
        var interval = new ConfidenceInterval(
            measurement.Value - k * measurement.StandardUncertainty,
            measurement.Value + k * measurement.StandardUncertainty,
            clause.Confidence);

        if (!double.IsFinite(measurement.Value) || !double.IsFinite(measurement.StandardUncertainty))
        {
            return new(Verdict.Error, interval, $"{clause.Id}: value or uncertainty is not a finite number ({measurement})");
        }

        if (measurement.StandardUncertainty < 0)
        {
            return new(Verdict.Error, interval, $"{clause.Id}: standard uncertainty is negative ({measurement})");
        }

        if (!string.Equals(measurement.Unit, clause.Unit, StringComparison.Ordinal))
        {
            return new(Verdict.Error, interval, $"{clause.Id}: measured in '{measurement.Unit}', the clause is stated in '{clause.Unit}'");
        }

        var (min, max) = (clause.Limit.Min, clause.Limit.Max);
        var shown = $"{interval.Level:P0} interval [{interval.Low:G4}, {interval.High:G4}] {clause.Unit}";
        if (interval.High < min || interval.Low > max)
        {
            return new(Verdict.Fail, interval, $"{clause.Id}: {shown} lies outside the limit {clause.Limit}");
        }

        if ((min is null || interval.Low >= min) && (max is null || interval.High <= max))
        {
            // Guard band (ISO 14253-1 style): acceptance needs the interval clear of the limit by the band.
            var band = clause.Limit.GuardBand ?? 0;
            if (band > 0 && ((min is not null && interval.Low < min + band) || (max is not null && interval.High > max - band)))
            {
                return new(Verdict.Inconclusive, interval, $"{clause.Id}: {shown} meets the limit {clause.Limit} but comes within its guard band");
            }

            return new(Verdict.Pass, interval, $"{clause.Id}: {shown} meets the limit {clause.Limit}");
        }

        return new(Verdict.Inconclusive, interval, $"{clause.Id}: {shown} straddles the limit {clause.Limit}");
    }

    /// <summary>Two-sided normal coverage factor for a confidence level (1.959964 at 0.95).</summary>
    public static double CoverageFactor(double confidence)
    {
        if (confidence is <= 0 or >= 1 || double.IsNaN(confidence))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "expected a level between 0 and 1");
        }

        return Math.Abs(confidence - 0.95) < 1e-12 ? Measurement.CoverageFactor95 : NormalQuantile(0.5 + confidence / 2);
    }

    /// <summary>Inverse standard normal CDF, Acklam's rational approximation (relative error below 1.2e-9).</summary>
    internal static double NormalQuantile(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;

        if (p < low || p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < low ? p : 1 - p));
            var x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < low ? x : -x;
        }

        var u = p - 0.5;
        var r = u * u;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u /
               (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
