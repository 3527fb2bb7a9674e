using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

public sealed class WeightingTests
{
    private static readonly double[] Truth = [0.9, 20.0, 0.05];
    private static readonly double[] Delays = SyntheticData.Linspace(0.0, 100.0, 41);

    [Fact]
    public void Weighting_by_known_sigmas_tightens_estimates_when_noise_varies_between_points()
    {
        // Early points are 20x noisier than late ones (e.g. fewer shots spent there).
        var model = new ExponentialDecayModel();
        var sigma = Delays.Select(t => t < 30.0 ? 0.1 : 0.005).ToArray();
        var weighted = new List<double>();
        var unweighted = new List<double>();

        for (int seed = 0; seed < 100; seed++)
        {
            var y = new SyntheticData(300 + seed).WithGaussianNoise(model, Truth, Delays, sigma);
            weighted.Add(CurveFitter.Fit(model, Delays, y, sigma).Values[ExponentialDecayModel.DecayTimeIndex]);
            unweighted.Add(CurveFitter.Fit(model, Delays, y).Values[ExponentialDecayModel.DecayTimeIndex]);
        }

        Assert.True(Statistics.SampleStandardDeviation(weighted) < 0.7 * Statistics.SampleStandardDeviation(unweighted),
            $"spread weighted {Statistics.SampleStandardDeviation(weighted)}, unweighted {Statistics.SampleStandardDeviation(unweighted)}");
    }

    [Fact]
    public void Scaling_every_sigma_scales_the_absolute_errors_but_not_the_values_or_the_scaled_errors()
    {
        var model = new ExponentialDecayModel();
        var sigma = SyntheticData.Constant(Delays.Length, 0.01);
        var y = new SyntheticData(17).WithGaussianNoise(model, Truth, Delays, sigma);

        var reference = CurveFitter.Fit(model, Delays, y, sigma);
        var tripled = CurveFitter.Fit(model, Delays, y, sigma.Select(s => 3.0 * s).ToArray());

        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(reference.Values[j], tripled.Values[j], 1e-8 * Math.Abs(reference.Values[j]));
            Assert.Equal(3.0 * reference.StandardErrors[j], tripled.StandardErrors[j], 1e-6 * reference.StandardErrors[j]);
            Assert.Equal(reference.ScaledStandardErrors[j], tripled.ScaledStandardErrors[j], 1e-6 * reference.ScaledStandardErrors[j]);
        }

        Assert.Equal(reference.ChiSquare / 9.0, tripled.ChiSquare, 1e-6 * reference.ChiSquare);
    }

    [Fact]
    public void Scaled_standard_errors_are_the_absolute_ones_times_the_root_of_the_reduced_chi_square()
    {
        var model = new ExponentialDecayModel();
        var trueSigma = SyntheticData.Constant(Delays.Length, 0.03);
        var y = new SyntheticData(23).WithGaussianNoise(model, Truth, Delays, trueSigma);
        var understated = SyntheticData.Constant(Delays.Length, 0.01);

        var result = CurveFitter.Fit(model, Delays, y, understated);

        Assert.InRange(result.ReducedChiSquare, 5.0, 15.0); // noise 3x the stated sigma
        Assert.Equal(result.ChiSquare / result.DegreesOfFreedom, result.ReducedChiSquare, 1e-12);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(result.StandardErrors[j] * Math.Sqrt(result.ReducedChiSquare), result.ScaledStandardErrors[j], 1e-12);
            Assert.Equal(Math.Sqrt(result.Covariance[j, j]), result.StandardErrors[j], 1e-15);
            Assert.Equal(Math.Sqrt(result.ScaledCovariance()[j, j]), result.ScaledStandardErrors[j], 1e-12);
        }
    }

    [Fact]
    public void An_unweighted_fit_is_a_fit_with_unit_sigmas_and_says_so()
    {
        var model = new ExponentialDecayModel();
        var y = new SyntheticData(29).WithGaussianNoise(model, Truth, Delays, SyntheticData.Constant(Delays.Length, 0.02));

        var unweighted = CurveFitter.Fit(model, Delays, y);
        var unitSigma = CurveFitter.Fit(model, Delays, y, SyntheticData.Constant(Delays.Length, 1.0));

        Assert.False(unweighted.IsWeighted);
        Assert.True(unitSigma.IsWeighted);
        Assert.Contains(unweighted.Warnings, w => w.Contains("Unweighted", StringComparison.Ordinal));
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(unitSigma.Values[j], unweighted.Values[j], 1e-12 * Math.Abs(unitSigma.Values[j]) + 1e-15);
            Assert.Equal(unitSigma.ScaledStandardErrors[j], unweighted.ScaledStandardErrors[j], 1e-9);
        }
    }

    [Fact]
    public void Span_and_list_overloads_give_the_same_fit()
    {
        var model = new ExponentialDecayModel();
        var sigma = SyntheticData.Constant(Delays.Length, 0.02);
        var y = new SyntheticData(31).WithGaussianNoise(model, Truth, Delays, sigma);

        var fromLists = CurveFitter.Fit(model, (IReadOnlyList<double>)Delays, y, sigma);
        var fromSpans = CurveFitter.Fit(model, Delays.AsSpan(), y.AsSpan(), sigma.AsSpan());

        Assert.Equal(fromLists.Values, fromSpans.Values);
        Assert.Equal(fromLists.StandardErrors, fromSpans.StandardErrors);
    }
}
