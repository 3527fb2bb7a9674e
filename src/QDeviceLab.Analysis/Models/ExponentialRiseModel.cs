namespace QDeviceLab.Analysis;

/// <summary>
/// y = A (1 - exp(-k x)): saturating rise. This is the model of the NIST StRD BoxBOD and Misra1a
/// reference datasets (there b1 = A, b2 = k), which the fitter is certified against.
/// </summary>
public sealed class ExponentialRiseModel : IFitModel
{
    private static readonly string[] Names = ["A", "k"];

    public string Name => "ExponentialRise";

    public IReadOnlyList<string> ParameterNames => Names;

    public string Formula => "y = A (1 - exp(-k x))";

    public double Evaluate(double x, ReadOnlySpan<double> p) => p[0] * (1.0 - Math.Exp(-p[1] * x));

    public void Gradient(double x, ReadOnlySpan<double> p, Span<double> dfdp)
    {
        double e = Math.Exp(-p[1] * x);
        dfdp[0] = 1.0 - e;
        dfdp[1] = p[0] * x * e;
    }

    /// <summary>A from the last point (inflated a little in case the rise has not saturated), k from the midpoint.</summary>
    public double[] InitialGuess(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (xs, ys) = GuessHeuristics.SortedByX(x, y);
        int n = xs.Length;
        double amplitude = 1.2 * ys[n - 1];
        if (amplitude == 0.0)
        {
            amplitude = 1.0;
        }

        double span = Math.Max(Math.Abs(xs[n - 1]), Math.Abs(xs[0]));
        int mid = n / 2;
        double rate = xs[mid] != 0.0 ? -Math.Log(1.0 - (ys[mid] / amplitude)) / xs[mid] : double.NaN;
        if (!(rate > 0.0) || !double.IsFinite(rate))
        {
            rate = span > 0.0 ? 1.0 / span : 1.0;
        }

        return [amplitude, rate];
    }
}
