namespace QDeviceLab.Analysis.Tests;

public sealed class ShotNoiseTests
{
    [Fact]
    public void Half_excited_gives_the_textbook_binomial_sigma()
    {
        // (50 + 0.5) / (100 + 1) = 0.5 exactly.
        Assert.Equal(0.05, ShotNoise.BinomialSigma(50, 100), 1e-15);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 100)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    public void Zero_or_all_excited_never_gives_a_zero_sigma(int excited, int shots)
    {
        double p = (excited + 0.5) / (shots + 1.0);

        double sigma = ShotNoise.BinomialSigma(excited, shots);

        Assert.True(sigma > 0.0);
        Assert.Equal(Math.Sqrt(p * (1 - p) / shots), sigma, 1e-15);
    }

    [Fact]
    public void Sigma_is_symmetric_between_excited_and_ground_counts()
    {
        Assert.Equal(ShotNoise.BinomialSigma(120, 1000), ShotNoise.BinomialSigma(880, 1000), 1e-15);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    public void Impossible_counts_are_rejected(int excited, int shots)
    {
        Assert.Throws<ArgumentException>(() => ShotNoise.BinomialSigma(excited, shots));
    }
}
