namespace QDeviceLab.Analysis;

/// <summary>
/// A percentile bootstrap confidence interval: the (1-level)/2 and (1+level)/2 quantiles of the
/// statistic over the resamples, with what is needed to reproduce it (seed, counts).
/// </summary>
/// <param name="StandardDeviation">Spread of the resampled statistic, a bootstrap standard error.</param>
/// <param name="Failed">Resamples whose statistic could not be computed (e.g. a fit that did not converge); left out of the quantiles.</param>
public sealed record BootstrapInterval(double Low, double High, double Level, double StandardDeviation, int Resamples, int Failed, int Seed)
{
    /// <summary>Builds the interval from the statistic of each successful resample.</summary>
    public static BootstrapInterval FromSamples(IReadOnlyList<double> statistics, double level, int failed, int seed)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (level is <= 0 or >= 1 || double.IsNaN(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "expected a level between 0 and 1");
        }

        if (statistics.Count < 2)
        {
            throw new ArgumentException($"a bootstrap interval needs at least 2 successful resamples, got {statistics.Count}", nameof(statistics));
        }

        var sorted = statistics.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Average();
        var variance = sorted.Sum(v => (v - mean) * (v - mean)) / (sorted.Length - 1);
        return new BootstrapInterval(
            Quantile(sorted, (1 - level) / 2),
            Quantile(sorted, (1 + level) / 2),
            level,
            Math.Sqrt(variance),
            sorted.Length + failed,
            failed,
            seed);
    }

    /// <summary>Quantile of sorted data by linear interpolation between order statistics (Hyndman-Fan type 7, NumPy's default).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
