namespace QDeviceLab.Analysis.Tests;

public sealed class InputValidationTests
{
    private static readonly double[] X = [0, 1, 2, 3, 4, 5];
    private static readonly double[] Y = [1.0, 0.62, 0.39, 0.25, 0.16, 0.11];

    [Fact]
    public void Mismatched_x_and_y_lengths_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(new ExponentialDecayModel(), X, Y[..5]));
        Assert.Contains("same length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigma_of_the_wrong_length_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(new ExponentialDecayModel(), X, Y, [0.1, 0.1]));
        Assert.Equal("sigma", ex.ParamName);
    }

    [Fact]
    public void Fewer_points_than_parameters_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(new DampedCosineModel(), X[..4], Y[..4]));
        Assert.Contains("5 parameters but only 4 points", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_x_or_y_are_rejected(double bad)
    {
        var x = (double[])X.Clone();
        var y = (double[])Y.Clone();
        x[2] = bad;
        y[3] = bad;

        var onX = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(new ExponentialDecayModel(), x, Y));
        var onY = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(new ExponentialDecayModel(), X, y));

        Assert.Contains("x[2]", onX.Message, StringComparison.Ordinal);
        Assert.Contains("y[3]", onY.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Sigma_that_is_not_a_positive_finite_number_is_rejected(double bad)
    {
        var sigma = Enumerable.Repeat(0.05, X.Length).ToArray();
        sigma[4] = bad;

        var ex = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(new ExponentialDecayModel(), X, Y, sigma));

        Assert.Contains("sigma[4]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initial_guess_of_the_wrong_length_or_outside_the_bounds_is_rejected()
    {
        var model = new ExponentialDecayModel();

        Assert.Throws<ArgumentException>(() => CurveFitter.Fit(model, X, Y, initialGuess: [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => CurveFitter.Fit(model, X, Y, initialGuess: [1.0, double.NaN, 0.0]));
        var ex = Assert.Throws<ArgumentException>(() => CurveFitter.Fit(model, X, Y, initialGuess: [1.0, -2.0, 0.0]));
        Assert.Contains("tau", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_that_do_not_match_the_model_are_rejected()
    {
        var model = new ExponentialDecayModel();

        Assert.Throws<ArgumentException>(() => CurveFitter.Fit(model, X, Y, options: new FitOptions { Bounds = [ParameterBounds.None] }));
        Assert.Throws<ArgumentException>(() => CurveFitter.Fit(model, X, Y,
            options: new FitOptions { Bounds = [ParameterBounds.None, new ParameterBounds(2.0, 1.0), ParameterBounds.None] }));
    }

    [Fact]
    public void Asking_for_an_unknown_parameter_names_the_known_ones()
    {
        var result = CurveFitter.Fit(new ExponentialDecayModel(), X, Y);

        var ex = Assert.Throws<ArgumentException>(() => result.Parameter("T1"));

        Assert.Contains("A, tau, B", ex.Message, StringComparison.Ordinal);
    }
}
