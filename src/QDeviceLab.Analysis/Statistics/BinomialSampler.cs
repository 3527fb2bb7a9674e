namespace QDeviceLab.Analysis;

// Folder Statistics/, flat namespace like Fitting/ and Models/: a QDeviceLab.Analysis.Statistics
// namespace would shadow the test suite's Support.Statistics helper.

/// <summary>Binomial draws from a seeded <see cref="Random"/>, for parametric resampling of shot counts.</summary>
internal static class BinomialSampler
{
    /// <summary>
    /// Number of successes in <paramref name="trials"/> Bernoulli(<paramref name="probability"/>) trials.
    /// Summing the trials is exact and, at the few hundred shots per sequence RB uses, cheap
    /// enough; it also keeps the stream of random numbers easy to reason about for reproducibility.
    /// </summary>
    public static int Sample(Random random, int trials, double probability)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in [0, 1]");
        }

        if (probability == 0 || probability == 1)
        {
            return probability == 1 ? trials : 0;
        }

        var successes = 0;
        for (var k = 0; k < trials; k++)
        {
            if (random.NextDouble() < probability)
            {
                successes++;
            }
        }

        return successes;
    }
}
