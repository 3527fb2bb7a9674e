using QDeviceLab.Analysis;

namespace QDeviceLab.Protocols.Calibration;

/// <summary>
/// y = B - A cos(pi x / x_pi): excited fraction after one pulse of peak amplitude x. The rotation
/// angle is linear in amplitude and zero at zero amplitude, so there is no free phase; x_pi, the
/// amplitude of a pi rotation, is where y peaks first. A and x_pi are bounded below by 0.
/// </summary>
internal sealed class RabiCosineModel : IBoundedFitModel
{
    private static readonly string[] Names = ["A", "x_pi", "B"];
    private static readonly ParameterBounds[] Limits = [ParameterBounds.NonNegative, ParameterBounds.NonNegative, ParameterBounds.None];

    public string Name => "RabiCosine";

    public IReadOnlyList<string> ParameterNames => Names;

    public IReadOnlyList<ParameterBounds> Bounds => Limits;

    public string Formula => "y = B - A cos(pi x / x_pi)";

    public double Evaluate(double x, ReadOnlySpan<double> p) => p[2] - p[0] * Math.Cos(Math.PI * x / p[1]);

    public void Gradient(double x, ReadOnlySpan<double> p, Span<double> dfdp)
    {
        var angle = Math.PI * x / p[1];
        dfdp[0] = -Math.Cos(angle);
        dfdp[1] = -p[0] * Math.Sin(angle) * Math.PI * x / (p[1] * p[1]);
        dfdp[2] = 1.0;
    }

    /// <summary>
    /// Scans x_pi over 0.2 to 20 times the largest amplitude (log grid) and, for each, solves the
    /// linear least squares for A and B; the smallest residual wins. Works for sweeps that cover
    /// less than one period, where a periodogram cannot find the frequency.
    /// </summary>
    public double[] InitialGuess(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var largest = 0.0;
        foreach (var v in x)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        if (!(largest > 0))
        {
            return [0.5, 1.0, 0.5];
        }

        double[] best = [0.5, largest, 0.5];
        var bestResidual = double.PositiveInfinity;
        for (var k = 0; k <= 200; k++)
        {
            var xPi = largest * 0.2 * Math.Pow(100, k / 200.0);
            if (Linear(x, y, xPi, out var a, out var b, out var residual) && residual < bestResidual && a > 0)
            {
                bestResidual = residual;
                best = [a, xPi, b];
            }
        }

        return best;
    }

    /// <summary>y ~ b - a cos(pi x / xPi) by 2x2 normal equations.</summary>
    private static bool Linear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double xPi, out double a, out double b, out double residual)
    {
        double n = x.Length, sc = 0, scc = 0, sy = 0, scy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var c = -Math.Cos(Math.PI * x[i] / xPi);
            sc += c;
            scc += c * c;
            sy += y[i];
            scy += c * y[i];
        }

        var det = n * scc - sc * sc;
        a = b = residual = double.NaN;
        if (!(Math.Abs(det) > 1e-12 * n * n))
        {
            return false;
        }

        a = (n * scy - sc * sy) / det;
        b = (sy - a * sc) / n;
        residual = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var r = y[i] - b + a * Math.Cos(Math.PI * x[i] / xPi);
            residual += r * r;
        }

        return double.IsFinite(residual);
    }
}
