using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

/// <summary>The result says why the solver stopped and when its error bars cannot be taken at face value.</summary>
public sealed class FitHealthTests
{
    private static readonly double[] Truth = [0.9, 20.0, 0.05];
    private static readonly double[] Delays = SyntheticData.Linspace(0.0, 100.0, 41);

    [Fact]
    public void A_parameter_pushed_against_a_bound_is_reported_with_a_warning()
    {
        var model = new ExponentialDecayModel();
        var sigma = SyntheticData.Constant(Delays.Length, 0.005);
        var y = new SyntheticData(3).WithGaussianNoise(model, Truth, Delays, sigma);
        // The offset is truly 0.05 but forbidden from exceeding 0.
        var options = new FitOptions { Bounds = [ParameterBounds.None, ParameterBounds.NonNegative, new ParameterBounds(double.NegativeInfinity, 0.0)] };

        var result = CurveFitter.Fit(model, Delays, y, sigma, options: options);

        Assert.True(result.Converged, result.StopReason.ToString());
        Assert.Equal(["B"], result.ParametersAtBound);
        Assert.Equal(0.0, result.Values[ExponentialDecayModel.OffsetIndex]);
        Assert.True(result.Parameter("B").AtBound);
        Assert.False(result.Parameter("tau").AtBound);
        Assert.Contains(result.Warnings, w => w.Contains("ended on a bound", StringComparison.Ordinal));
        Assert.True(double.IsFinite(result.StandardErrors[ExponentialDecayModel.OffsetIndex]));
    }

    [Fact]
    public void A_fit_inside_its_bounds_reports_no_parameter_at_a_bound()
    {
        var model = new ExponentialDecayModel();
        var sigma = SyntheticData.Constant(Delays.Length, 0.01);
        var y = new SyntheticData(4).WithGaussianNoise(model, Truth, Delays, sigma);

        var result = CurveFitter.Fit(model, Delays, y, sigma);

        Assert.Empty(result.ParametersAtBound);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Hitting_the_iteration_limit_is_not_reported_as_convergence()
    {
        var model = new ExponentialDecayModel();
        var y = Delays.Select(t => model.Evaluate(t, Truth)).ToArray();

        var result = CurveFitter.Fit(model, Delays, y, initialGuess: [0.1, 1.0, 0.5], options: new FitOptions { MaxIterations = 1 });

        Assert.Equal(FitStopReason.MaxIterationsReached, result.StopReason);
        Assert.False(result.Converged);
        Assert.Equal(1, result.Iterations);
        Assert.Contains(result.Warnings, w => w.Contains("did not converge", StringComparison.Ordinal));
    }

    [Fact]
    public void Noise_free_data_converge_to_the_generating_parameters()
    {
        var model = new ExponentialDecayModel();
        var y = Delays.Select(t => model.Evaluate(t, Truth)).ToArray();

        var result = CurveFitter.Fit(model, Delays, y);

        Assert.True(result.Converged, result.StopReason.ToString());
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(Truth[j], result.Values[j], 1e-8 * Math.Abs(Truth[j]));
        }

        Assert.True(result.ChiSquare < 1e-20);
    }

    [Fact]
    public void Exactly_as_many_points_as_parameters_leaves_the_scaled_errors_undefined()
    {
        var model = new ExponentialDecayModel();
        double[] x = [0.0, 10.0, 40.0];
        var y = x.Select(t => model.Evaluate(t, Truth) + 0.01).ToArray();

        var result = CurveFitter.Fit(model, x, y, [0.01, 0.01, 0.01]);

        Assert.Equal(0, result.DegreesOfFreedom);
        Assert.True(double.IsNaN(result.ReducedChiSquare));
        Assert.All(result.ScaledStandardErrors, se => Assert.True(double.IsNaN(se)));
        Assert.All(result.StandardErrors, se => Assert.True(double.IsFinite(se)));
        Assert.Contains(result.Warnings, w => w.Contains("No degrees of freedom", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_the_data_cannot_determine_gives_NaN_errors_and_a_warning()
    {
        // Every point at the same delay: A and B cannot be separated, tau not at all.
        var model = new ExponentialDecayModel();
        var x = Enumerable.Repeat(5.0, 10).ToArray();
        var y = Enumerable.Range(0, 10).Select(i => 0.5 + (0.01 * (i % 3))).ToArray();

        var result = CurveFitter.Fit(model, x, y, initialGuess: [0.5, 10.0, 0.1]);

        Assert.All(result.StandardErrors, se => Assert.True(double.IsNaN(se)));
        Assert.Contains(result.Warnings, w => w.Contains("rank-deficient", StringComparison.Ordinal));
    }

    [Fact]
    public void The_result_carries_model_name_formula_and_named_parameters()
    {
        var model = new DampedCosineModel();
        var x = SyntheticData.Linspace(0.0, 10.0, 61);
        double[] truth = [0.45, 8.0, 0.4, 0.3, 0.5];
        var sigma = SyntheticData.Constant(x.Length, 0.02);
        var y = new SyntheticData(8).WithGaussianNoise(model, truth, x, sigma);

        var result = CurveFitter.Fit(model, x, y, sigma);
        var f = result.Parameter("f");

        Assert.Equal("DampedCosine", result.ModelName);
        Assert.Equal("y = A exp(-x/tau) cos(2 pi f x + phi) + B", result.Formula);
        Assert.Equal(["A", "tau", "f", "phi", "B"], result.ParameterNames);
        Assert.Equal(result.Values[DampedCosineModel.FrequencyIndex], f.Value);
        Assert.Equal(result.StandardErrors[DampedCosineModel.FrequencyIndex], f.StandardError);
        Assert.Equal(result.ScaledStandardErrors[DampedCosineModel.FrequencyIndex], f.ScaledStandardError);
    }
}
