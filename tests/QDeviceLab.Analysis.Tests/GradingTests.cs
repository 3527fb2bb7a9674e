using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

/// <summary>FitGrader calls a fit POOR for each reason a reviewer would, and GOOD otherwise.</summary>
public sealed class GradingTests
{
    private static readonly double[] Truth = [-0.9, 48e-6, 0.95];

    /// <summary>T1-like inversion recovery: 41 delays over 5 decay times, 400 shots, binomial sigmas.</summary>
    private static (double[] X, double[] Y, double[] Sigma) Decay(int seed, double span = 240e-6, int shots = 400)
    {
        var x = SyntheticData.Linspace(0, span, 41);
        var (y, sigma) = new SyntheticData(seed).SurvivalProbabilities(new ExponentialDecayModel(), Truth, x, shots);
        return (x, y, sigma);
    }

    [Theory]
    [InlineData(1, 3.9270422220515944e-05, 7.879438576622417)]
    [InlineData(5, 0.08234838076649978, 3.349920468727808)]
    [InlineData(38, 0.5076029357602885, 1.688984535721217)]
    [InlineData(178, 0.7480713482886123, 1.2940867932604725)]
    public void Reduced_chi_square_band_matches_scipy_chi2_quantiles(int dof, double low, double high)
    {
        // scipy.stats.chi2.ppf(0.005, dof) / dof and chi2.ppf(0.995, dof) / dof, SciPy 1.10.
        var (lo, hi) = FitGrader.ReducedChiSquareBand(dof, 0.99);

        Assert.Equal(low, lo, low * 1e-9);
        Assert.Equal(high, hi, high * 1e-9);
    }

    [Fact]
    public void A_well_sampled_decay_with_honest_sigmas_is_good()
    {
        var (x, y, sigma) = Decay(seed: 7);

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma).Grade(x);

        Assert.Equal(FitQuality.Good, grade.Quality);
        Assert.Empty(grade.Reasons);
        Assert.Equal("GOOD", grade.ToString());
        Assert.Equal(0.5076029357602885, grade.ReducedChiSquareLow, 1e-9);
    }

    [Fact]
    public void Sigmas_that_understate_the_scatter_put_chi_square_above_the_band()
    {
        var (x, y, sigma) = Decay(seed: 7);

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma.Select(s => s / 2).ToArray()).Grade(x);

        Assert.Equal(FitQuality.Poor, grade.Quality);
        Assert.Contains(grade.Reasons, r => r.Contains("above the 99 % acceptance band", StringComparison.Ordinal));
    }

    [Fact]
    public void Sigmas_that_overstate_the_scatter_put_chi_square_below_the_band()
    {
        var (x, y, sigma) = Decay(seed: 7);

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma.Select(s => s * 3).ToArray()).Grade(x);

        Assert.Contains(grade.Reasons, r => r.Contains("below the 99 % acceptance band", StringComparison.Ordinal));
    }

    [Fact]
    public void Delays_spanning_one_decay_time_are_poor_because_the_asymptote_is_not_pinned()
    {
        var (x, y, sigma) = Decay(seed: 8, span: 48e-6, shots: 20000);

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma).Grade(x);

        Assert.Equal(FitQuality.Poor, grade.Quality);
        Assert.Contains(grade.Reasons, r => r.Contains("fewer than 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Delays_too_coarse_to_resolve_the_first_decay_time_are_poor()
    {
        var x = new[] { 0, 60e-6, 120e-6, 180e-6, 240e-6, 300e-6, 360e-6 };
        var (y, sigma) = new SyntheticData(9).SurvivalProbabilities(new ExponentialDecayModel(), Truth, x, 100000);

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma).Grade(x);

        Assert.Contains(grade.Reasons, r => r.Contains("points lie within the first decay", StringComparison.Ordinal));
    }

    [Fact]
    public void A_decay_time_less_precise_than_the_threshold_is_poor()
    {
        var (x, y, sigma) = Decay(seed: 10);
        var fit = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma);
        var relative = fit.Parameter("tau").StandardError / fit.Parameter("tau").Value;

        Assert.Empty(fit.Grade(x, new FitGradingCriteria { MaxRelativeStandardError = relative * 1.5 }).Reasons);
        var grade = fit.Grade(x, new FitGradingCriteria { MaxRelativeStandardError = relative / 1.5 });

        Assert.Contains(grade.Reasons, r => r.StartsWith("tau = ", StringComparison.Ordinal) && r.Contains("relative standard uncertainty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_on_its_bound_makes_the_fit_poor()
    {
        var (x, y, sigma) = Decay(seed: 11);
        var options = new FitOptions { Bounds = [ParameterBounds.None, ParameterBounds.NonNegative, new ParameterBounds(double.NegativeInfinity, 0.94)] };

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma, options: options).Grade(x);

        Assert.Contains(grade.Reasons, r => r.StartsWith("B ended on a bound", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fit_stopped_by_the_iteration_limit_is_poor()
    {
        var (x, y, sigma) = Decay(seed: 12);

        var grade = CurveFitter.Fit(new ExponentialDecayModel(), x, y, sigma, [-0.2, 5e-6, 0.5], new FitOptions { MaxIterations = 1 }).Grade(x);

        Assert.Contains(grade.Reasons, r => r.Contains("did not converge (MaxIterationsReached", StringComparison.Ordinal));
    }

    [Fact]
    public void An_rb_decay_is_judged_on_its_error_and_its_decay_length()
    {
        var model = new RbDecayModel();
        double[] truth = [0.47, 0.998, 0.51];
        double[] shortLengths = [1, 5, 10, 20, 40, 60, 80, 100];
        var (y, sigma) = new SyntheticData(13).SurvivalProbabilities(model, truth, shortLengths, 200000);

        var grade = CurveFitter.Fit(model, shortLengths, y, sigma).Grade(shortLengths);

        // 100 Cliffords is a fifth of the decay length -1/ln(0.998) = 500.
        Assert.Contains(grade.Reasons, r => r.Contains("decay lengths -1/ln p", StringComparison.Ordinal));
    }

    /// <summary>
    /// The chi-square band is calibrated: correct fits with correct sigmas land outside the 99 %
    /// band about 1 % of the time. 300 fits: the count outside is Binomial(300, 0.01), mean 3;
    /// more than 12 has probability below 1e-5.
    /// </summary>
    [Fact]
    public void Correct_fits_fall_outside_the_chi_square_band_about_one_time_in_a_hundred()
    {
        var model = new ExponentialDecayModel();
        var x = SyntheticData.Linspace(0, 240e-6, 31);
        var sigma = SyntheticData.Constant(x.Length, 0.02);
        var outside = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var y = new SyntheticData(1000 + seed).WithGaussianNoise(model, Truth, x, sigma);
            var grade = CurveFitter.Fit(model, x, y, sigma).Grade(x);
            outside += grade.Reasons.Any(r => r.Contains("acceptance band", StringComparison.Ordinal)) ? 1 : 0;
        }

        Assert.InRange(outside, 0, 12);
    }
}
