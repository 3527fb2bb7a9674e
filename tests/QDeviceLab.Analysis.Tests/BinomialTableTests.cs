namespace QDeviceLab.Analysis.Tests;

public sealed class BinomialTableTests
{
    [Theory]
    [InlineData(1000, 0.93)]
    [InlineData(200, 0.5)]
    [InlineData(50, 0.02)]
    public void Draws_have_the_binomial_mean_and_variance(int trials, double p)
    {
        var table = new BinomialTable(trials, p);
        var random = new Random(12);
        const int N = 40_000;
        var draws = Enumerable.Range(0, N).Select(_ => (double)table.Sample(random)).ToArray();
        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / (N - 1);
        var expectedVariance = trials * p * (1 - p);
        // Mean within 5 standard errors; variance within 5 % (its relative error here is about 1 %).
        Assert.InRange(mean, (trials * p) - (5 * Math.Sqrt(expectedVariance / N)), (trials * p) + (5 * Math.Sqrt(expectedVariance / N)));
        Assert.InRange(variance / expectedVariance, 0.95, 1.05);
        Assert.All(draws, d => Assert.InRange(d, 0, trials));
    }

    [Fact]
    public void Certain_outcomes_are_always_drawn()
    {
        var random = new Random(1);
        Assert.Equal(30, new BinomialTable(30, 1.0).Sample(random));
        Assert.Equal(0, new BinomialTable(30, 0.0).Sample(random));
    }

    [Fact]
    public void The_frequency_of_each_count_matches_the_exact_pmf()
    {
        // n = 10, p = 0.3: compare all eleven frequencies with C(10,k) p^k q^(10-k).
        var table = new BinomialTable(10, 0.3);
        var random = new Random(5);
        const int N = 200_000;
        var counts = new int[11];
        for (var d = 0; d < N; d++)
        {
            counts[table.Sample(random)]++;
        }

        double chiSquare = 0;
        for (var k = 0; k <= 10; k++)
        {
            var pmf = Choose(10, k) * Math.Pow(0.3, k) * Math.Pow(0.7, 10 - k);
            var expected = N * pmf;
            if (expected > 5)
            {
                chiSquare += (counts[k] - expected) * (counts[k] - expected) / expected;
            }
        }

        Assert.True(chiSquare < 30, $"chi-square {chiSquare:F1} over at most 10 degrees of freedom"); // p < 0.001
    }

    private static double Choose(int n, int k)
    {
        double c = 1;
        for (var j = 1; j <= k; j++)
        {
            c = c * (n - k + j) / j;
        }

        return c;
    }
}
