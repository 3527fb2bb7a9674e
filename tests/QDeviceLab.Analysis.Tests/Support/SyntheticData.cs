namespace QDeviceLab.Analysis.Tests.Support;

/// <summary>Seeded synthetic measurements: Gaussian noise and binomial shot noise.</summary>
internal sealed class SyntheticData
{
    private readonly Random _random;

    public SyntheticData(int seed) => _random = new Random(seed);

    public double Gaussian()
    {
        // Box-Muller; 1 - NextDouble() avoids log(0).
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public int Binomial(int shots, double probability)
    {
        int k = 0;
        for (int s = 0; s < shots; s++)
        {
            if (_random.NextDouble() < probability)
            {
                k++;
            }
        }

        return k;
    }

    public static double[] Linspace(double start, double stop, int count)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = start + ((stop - start) * i / (count - 1));
        }

        return x;
    }

    public double[] WithGaussianNoise(IFitModel model, double[] truth, double[] x, double[] sigma)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = model.Evaluate(x[i], truth) + (sigma[i] * Gaussian());
        }

        return y;
    }

    /// <summary>Survival probabilities k/n measured with <paramref name="shots"/> shots, and their binomial sigmas.</summary>
    public (double[] Y, double[] Sigma) SurvivalProbabilities(IFitModel model, double[] truth, double[] x, int shots)
    {
        var y = new double[x.Length];
        var sigma = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double p = Math.Clamp(model.Evaluate(x[i], truth), 0.0, 1.0);
            int k = Binomial(shots, p);
            y[i] = (double)k / shots;
            sigma[i] = ShotNoise.BinomialSigma(k, shots);
        }

        return (y, sigma);
    }

    public static double[] Constant(int count, double value) => Enumerable.Repeat(value, count).ToArray();
}
