namespace QDeviceLab.Analysis;

/// <summary>
/// A model y = f(x; p) that <see cref="CurveFitter"/> can fit. Implementations give analytic
/// derivatives so that the covariance is computed from an exact Jacobian, not a finite difference.
/// </summary>
public interface IFitModel
{
    string Name { get; }

    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Human-readable formula for reports, e.g. "y = A exp(-x/tau) + B".</summary>
    string Formula { get; }

    double Evaluate(double x, ReadOnlySpan<double> p);

    /// <summary>Writes df/dp_j at <paramref name="x"/> into <paramref name="dfdp"/> (length = parameter count).</summary>
    void Gradient(double x, ReadOnlySpan<double> p, Span<double> dfdp);

    /// <summary>Data-driven starting point; must not throw on noisy or unsorted data.</summary>
    double[] InitialGuess(ReadOnlySpan<double> x, ReadOnlySpan<double> y);
}

/// <summary>
/// A model whose parameters have physical limits (a decay time is positive). The fitter keeps the
/// parameters inside these limits and reports every parameter that ends on one.
/// </summary>
public interface IBoundedFitModel : IFitModel
{
    /// <summary>One entry per parameter, in <see cref="IFitModel.ParameterNames"/> order.</summary>
    IReadOnlyList<ParameterBounds> Bounds { get; }
}

/// <summary>Closed interval [Lower, Upper]; infinities mean "no limit on that side".</summary>
public readonly record struct ParameterBounds(double Lower, double Upper)
{
    public static ParameterBounds None => new(double.NegativeInfinity, double.PositiveInfinity);

    public static ParameterBounds NonNegative => new(0.0, double.PositiveInfinity);

    public bool IsBounded => !double.IsNegativeInfinity(Lower) || !double.IsPositiveInfinity(Upper);

    public bool Contains(double value) => value >= Lower && value <= Upper;

    public double Clamp(double value) => Math.Min(Upper, Math.Max(Lower, value));
}
