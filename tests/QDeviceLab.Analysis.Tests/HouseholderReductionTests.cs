namespace QDeviceLab.Analysis.Tests;

public sealed class HouseholderReductionTests
{
    private static double[,] RandomTall(int m, int k, int seed)
    {
        var random = new Random(seed);
        var a = new double[m, k];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                a[i, j] = random.NextDouble() * 2 - 1;
            }
        }

        return a;
    }

    [Theory]
    [InlineData(41, 3, 1)]
    [InlineData(6, 2, 2)]
    [InlineData(5, 5, 3)]
    public void R_has_the_same_gram_matrix_as_a_and_q_transpose_keeps_lengths(int m, int k, int seed)
    {
        var a = RandomTall(m, k, seed);
        var original = (double[,])a.Clone();
        var b = Enumerable.Range(0, m).Select(i => Math.Sin(i + seed)).ToArray();
        var normB = Math.Sqrt(b.Sum(x => x * x));

        var r = HouseholderReduction.ReduceToR(a, b);

        // A^T A = R^T R (Q orthogonal), and Q^T b has the length of b.
        for (int p = 0; p < k; p++)
        {
            for (int q = 0; q < k; q++)
            {
                double ata = 0, rtr = 0;
                for (int i = 0; i < m; i++)
                {
                    ata += original[i, p] * original[i, q];
                }

                for (int i = 0; i < k; i++)
                {
                    rtr += r[i, p] * r[i, q];
                }

                Assert.Equal(ata, rtr, 10);
            }
        }

        Assert.Equal(normB, Math.Sqrt(b.Sum(x => x * x)), 10);
        for (int i = 1; i < k; i++)
        {
            for (int j = 0; j < i; j++)
            {
                Assert.Equal(0.0, r[i, j]);
            }
        }
    }

    [Fact]
    public void A_zero_column_is_left_alone()
    {
        var a = new double[,] { { 1, 0 }, { 2, 0 }, { 3, 0 } };
        var r = HouseholderReduction.ReduceToR(a);
        Assert.Equal(Math.Sqrt(14), Math.Abs(r[0, 0]), 12);
        Assert.Equal(0.0, r[1, 1]);
    }

    [Fact]
    public void A_wide_matrix_is_refused() =>
        Assert.Throws<ArgumentException>(() => HouseholderReduction.ReduceToR(new double[2, 3]));
}
