namespace QDeviceLab.Analysis;

/// <summary>Uncertainty of a survival probability estimated from single-shot readout counts.</summary>
public static class ShotNoise
{
    /// <summary>
    /// Binomial standard deviation sqrt(p(1-p)/n) of the estimate k/n, with p regularised as
    /// (k + 0.5)/(n + 1) so that 0 or n excited counts never yield a zero sigma (which would give that
    /// point infinite weight in a fit).
    /// </summary>
    public static double BinomialSigma(int excitedCounts, int shots)
    {
        if (shots <= 0)
        {
            throw new ArgumentException($"Shot count must be positive, got {shots}.", nameof(shots));
        }

        if (excitedCounts < 0 || excitedCounts > shots)
        {
            throw new ArgumentException(
                $"Excited counts must lie in [0, {shots}] for {shots} shots, got {excitedCounts}.", nameof(excitedCounts));
        }

        double p = (excitedCounts + 0.5) / (shots + 1.0);
        return Math.Sqrt(p * (1.0 - p) / shots);
    }
}
