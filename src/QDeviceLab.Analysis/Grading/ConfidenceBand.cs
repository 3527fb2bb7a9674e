namespace QDeviceLab.Analysis;

/// <summary>
/// Pointwise confidence band of a fitted curve by the delta method: var f(x) = g^T C g with g the
/// parameter gradient of the model at x and C the covariance behind the reported uncertainties
/// (known-sigma covariance scaled up by chi2_red when it exceeds 1; residual-scaled when unweighted).
/// First order: it is exact for parameters entering linearly and a good approximation while the
/// band is narrow against the curve's curvature in parameter space.
/// </summary>
public static class ConfidenceBand
{
    /// <summary>Lower and upper edge at each x, curve +- k sqrt(g^T C g); NaN where the covariance is singular.</summary>
    /// <param name="coverageFactor">k; 1.96 for a 95 % band under a normal approximation.</param>
    public static (double[] Low, double[] High) Of(IFitModel model, FitResult fit, IReadOnlyList<double> x, double coverageFactor = 1.959963984540054)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(x);
        var n = fit.Values.Count;
        var values = fit.Values.ToArray();
        var scale = FitGrader.UncertaintyScale(fit);
        var variance = scale * scale;
        var gradient = new double[n];
        var low = new double[x.Count];
        var high = new double[x.Count];
        for (var i = 0; i < x.Count; i++)
        {
            Array.Clear(gradient);
            model.Gradient(x[i], values, gradient);
            double sum = 0;
            for (var a = 0; a < n; a++)
            {
                for (var b = 0; b < n; b++)
                {
                    sum += gradient[a] * fit.Covariance[a, b] * gradient[b];
                }
            }

            var y = model.Evaluate(x[i], values);
            var half = coverageFactor * Math.Sqrt(Math.Max(0, sum) * variance);
            (low[i], high[i]) = (y - half, y + half);
        }

        return (low, high);
    }
}
