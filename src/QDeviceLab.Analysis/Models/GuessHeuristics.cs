namespace QDeviceLab.Analysis;

/// <summary>Small numerical helpers shared by the models' initial guesses.</summary>
internal static class GuessHeuristics
{
    /// <summary>Copies of x and y sorted by x, so guesses do not depend on acquisition order.</summary>
    public static (double[] X, double[] Y) SortedByX(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(xs, ys);
        return (xs, ys);
    }

    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0.0;
        foreach (double v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? 0.0 : sum / values.Length;
    }

    public static double MedianSpacing(double[] sortedX)
    {
        var gaps = new List<double>(sortedX.Length);
        for (int i = 1; i < sortedX.Length; i++)
        {
            double gap = sortedX[i] - sortedX[i - 1];
            if (gap > 0.0)
            {
                gaps.Add(gap);
            }
        }

        if (gaps.Count == 0)
        {
            return 0.0;
        }

        gaps.Sort();
        return gaps[gaps.Count / 2];
    }

    /// <summary>
    /// exp(-x/tau) continued to tau = 0 (a decay too fast to see): 1 at x = 0, 0 for x &gt; 0. This keeps
    /// the models finite on the tau &gt;= 0 bound, so a fit that runs into it is reported, not rejected.
    /// </summary>
    public static double DecayFactor(double x, double tau)
    {
        if (tau == 0.0)
        {
            return x > 0.0 ? 0.0 : x == 0.0 ? 1.0 : double.PositiveInfinity;
        }

        return Math.Exp(-x / tau);
    }

    /// <summary>d/dtau of exp(-x/tau) given its value: e x / tau^2 (0 in the tau = 0 limit).</summary>
    public static double DecayFactorTauDerivative(double x, double tau, double decay)
    {
        return tau == 0.0 ? 0.0 : decay * x / (tau * tau);
    }

    /// <summary>Weighted straight-line fit v = intercept + slope u; returns false when degenerate.</summary>
    public static bool WeightedLine(IReadOnlyList<double> u, IReadOnlyList<double> v, IReadOnlyList<double> w, out double slope, out double intercept)
    {
        double sw = 0, su = 0, sv = 0, suu = 0, suv = 0;
        for (int i = 0; i < u.Count; i++)
        {
            sw += w[i];
            su += w[i] * u[i];
            sv += w[i] * v[i];
            suu += w[i] * u[i] * u[i];
            suv += w[i] * u[i] * v[i];
        }

        double det = (sw * suu) - (su * su);
        if (u.Count < 2 || !(Math.Abs(det) > 0.0))
        {
            slope = intercept = double.NaN;
            return false;
        }

        slope = ((sw * suv) - (su * sv)) / det;
        intercept = (sv - (slope * su)) / sw;
        return double.IsFinite(slope) && double.IsFinite(intercept);
    }
}
