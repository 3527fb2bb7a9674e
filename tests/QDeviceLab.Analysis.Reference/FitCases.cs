using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Reference;

/// <summary>One dataset: the model by name (fits_check.py has the same formulas), the data, and where every fitter starts.</summary>
internal sealed record FitCase(string Name, IFitModel Model, double[] X, double[] Y, double[]? Sigma, double[] Start);

/// <summary>What CurveFitter made of a case, in the JSON fits_check.py reads.</summary>
internal sealed record FitCaseResult(
    string Name, string Model, IReadOnlyList<string> Parameters, double[] X, double[] Y, double[]? Sigma, double[] Start,
    IReadOnlyList<double> Values, IReadOnlyList<double> StandardErrors, IReadOnlyList<double> ScaledStandardErrors,
    double ChiSquare, bool Converged, string StopReason, string Grade);

/// <summary>
/// The datasets compared with SciPy and lmfit: T1-like decays with binomial shot noise (weighted),
/// Ramsey-like damped cosines, RB decays with per-length standard errors, an unweighted decay
/// with Gaussian noise, and the NIST StRD BoxBOD and Misra1a problems (unweighted, start 2). Every
/// one has a well-defined interior minimum, so all three fitters must land on the same point.
/// </summary>
internal static class FitCases
{
    public static IEnumerable<FitCase> All()
    {
        var decay = new ExponentialDecayModel();
        for (var seed = 1; seed <= 3; seed++)
        {
            var x = Linspace(0, 240e-6, 31);
            var (y, sigma) = Binomial(seed, decay, [-0.9, 48e-6 * (0.8 + 0.2 * seed), 0.95], x, 400);
            yield return Case($"t1-binomial-{seed}", decay, x, y, sigma);
        }

        var cosine = new DampedCosineModel();
        for (var seed = 1; seed <= 2; seed++)
        {
            var x = Linspace(0, 90e-6, 181);
            var (y, sigma) = Binomial(10 + seed, cosine, [0.45, 31e-6, 0.55e6, 0.3 * seed, 0.5], x, 400);
            yield return Case($"ramsey-binomial-{seed}", cosine, x, y, sigma);
        }

        var rb = new RbDecayModel();
        for (var seed = 1; seed <= 2; seed++)
        {
            var x = new double[] { 1, 20, 50, 100, 150, 200, 300, 400, 550, 700 };
            var (y, sigma) = Binomial(20 + seed, rb, [0.47, 0.9975, 0.51], x, 4000);
            yield return Case($"rb-{seed}", rb, x, y, sigma);
        }

        {
            var x = Linspace(0, 100, 41);
            var noise = new SyntheticData(31);
            var y = x.Select(t => decay.Evaluate(t, [0.9, 20.0, 0.05]) + 0.01 * noise.Gaussian()).ToArray();
            yield return Case("decay-unweighted", decay, x, y, null);
        }

        foreach (var file in new[] { "nist-strd-boxbod.txt", "nist-strd-misra1a.txt" })
        {
            var data = NistReferenceDataset.Load(file);
            yield return new FitCase(data.Name + "-start2", new ExponentialRiseModel(), data.X, data.Y, null, data.Start2);
        }
    }

    public static FitCaseResult Run(FitCase c)
    {
        var fit = CurveFitter.Fit(c.Model, c.X, c.Y, c.Sigma, initialGuess: c.Start);
        return new FitCaseResult(
            c.Name, c.Model.Name, c.Model.ParameterNames, c.X, c.Y, c.Sigma, c.Start,
            fit.Values, fit.StandardErrors, fit.ScaledStandardErrors, fit.ChiSquare, fit.Converged, fit.StopReason.ToString(), fit.Grade(c.X).ToString());
    }

    /// <summary>Every fitter starts from CurveFitter's own data-driven guess, so SciPy and lmfit do not get the answer for free.</summary>
    private static FitCase Case(string name, IFitModel model, double[] x, double[] y, double[]? sigma) =>
        new(name, model, x, y, sigma, model.InitialGuess(x, y));

    private static (double[] Y, double[] Sigma) Binomial(int seed, IFitModel model, double[] truth, double[] x, int shots)
    {
        var data = new SyntheticData(seed);
        var y = new double[x.Length];
        var sigma = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var k = data.Binomial(shots, Math.Clamp(model.Evaluate(x[i], truth), 0, 1));
            (y[i], sigma[i]) = ((double)k / shots, ShotNoise.BinomialSigma(k, shots));
        }

        return (y, sigma);
    }

    private static double[] Linspace(double start, double stop, int count) => SyntheticData.Linspace(start, stop, count);
}
