using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

/// <summary>The delta-method confidence band of the fitted curve and the evidence that carries it.</summary>
public sealed class GradingBandTests
{
    private static readonly double[] Truth = [-0.9, 48e-6, 0.95];

    [Fact]
    public void Far_out_on_the_tail_the_band_is_the_offsets_interval()
    {
        var model = new ExponentialDecayModel();
        var x = SyntheticData.Linspace(0, 240e-6, 41);
        var (y, sigma) = new SyntheticData(21).SurvivalProbabilities(model, Truth, x, 400);
        var fit = CurveFitter.Fit(model, x, y, sigma);

        var (low, high) = ConfidenceBand.Of(model, fit, [1.0]); // a second: exp(-x/tau) underflows to 0

        var birge = Math.Sqrt(Math.Max(1, fit.ReducedChiSquare));
        var b = fit.Parameter("B");
        Assert.Equal(b.Value - 1.959963984540054 * b.StandardError * birge, low[0], 1e-12);
        Assert.Equal(b.Value + 1.959963984540054 * b.StandardError * birge, high[0], 1e-12);
    }

    /// <summary>
    /// 200 datasets with Gaussian noise: the 95 % band at one decay time covers the true curve in
    /// about 190. The count is Binomial(200, 0.95) if the band is right (sd about 3); 176..199
    /// is more than 4 sd either side.
    /// </summary>
    [Fact]
    public void The_95_percent_band_covers_the_true_curve_about_95_times_in_100()
    {
        var model = new ExponentialDecayModel();
        var x = SyntheticData.Linspace(0, 240e-6, 31);
        var sigma = SyntheticData.Constant(x.Length, 0.02);
        var at = Truth[1];
        var expected = model.Evaluate(at, Truth);
        var covered = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            var y = new SyntheticData(5000 + seed).WithGaussianNoise(model, Truth, x, sigma);
            var (low, high) = ConfidenceBand.Of(model, CurveFitter.Fit(model, x, y, sigma), [at]);
            covered += low[0] <= expected && expected <= high[0] ? 1 : 0;
        }

        Assert.InRange(covered, 176, 199);
    }

    [Fact]
    public void Evidence_carries_the_fitted_values_at_the_data_the_band_and_the_grade()
    {
        var model = new ExponentialDecayModel();
        var x = SyntheticData.Linspace(0, 240e-6, 41);
        var (y, sigma) = new SyntheticData(22).SurvivalProbabilities(model, Truth, x, 400);
        var fit = CurveFitter.Fit(model, x, y, sigma);

        var evidence = FitEvidence.From(model, fit, x, y, sigma, "delay", "s", "excited-state fraction");

        Assert.Equal(x.Length, evidence.FittedY!.Count);
        Assert.Equal(model.Evaluate(x[3], fit.Values.ToArray()), evidence.FittedY[3]);
        Assert.Equal(evidence.CurveX.Count, evidence.CurveLow!.Count);
        Assert.All(Enumerable.Range(0, evidence.CurveX.Count), i =>
            Assert.True(evidence.CurveLow[i] < evidence.CurveY[i] && evidence.CurveY[i] < evidence.CurveHigh![i], $"band at point {i}"));
        Assert.Equal(fit.Grade(x).ToString(), evidence.Grade!.ToString());
        Assert.Equal(FitQuality.Good, evidence.Grade.Quality);
    }
}
