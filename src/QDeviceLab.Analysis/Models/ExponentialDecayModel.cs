namespace QDeviceLab.Analysis;

/// <summary>
/// y = A exp(-x/tau) + B: T1 (inversion recovery, x = delay) and Hahn-echo T2 (x = total free evolution).
/// tau is bounded below by 0; A and B are free (A &lt; 0 for a rising population).
/// </summary>
public sealed class ExponentialDecayModel : IBoundedFitModel
{
    public const int AmplitudeIndex = 0;
    public const int DecayTimeIndex = 1;
    public const int OffsetIndex = 2;

    private static readonly string[] Names = ["A", "tau", "B"];
    private static readonly ParameterBounds[] Limits = [ParameterBounds.None, ParameterBounds.NonNegative, ParameterBounds.None];

    public string Name => "ExponentialDecay";

    public IReadOnlyList<string> ParameterNames => Names;

    public IReadOnlyList<ParameterBounds> Bounds => Limits;

    public string Formula => "y = A exp(-x/tau) + B";

    public double Evaluate(double x, ReadOnlySpan<double> p)
    {
        return (p[AmplitudeIndex] * GuessHeuristics.DecayFactor(x, p[DecayTimeIndex])) + p[OffsetIndex];
    }

    public void Gradient(double x, ReadOnlySpan<double> p, Span<double> dfdp)
    {
        double decay = GuessHeuristics.DecayFactor(x, p[DecayTimeIndex]);
        dfdp[AmplitudeIndex] = decay;
        dfdp[DecayTimeIndex] = p[AmplitudeIndex] * GuessHeuristics.DecayFactorTauDerivative(x, p[DecayTimeIndex], decay);
        dfdp[OffsetIndex] = 1.0;
    }

    /// <summary>
    /// B from the mean of the last eighth of the points (the tail), the amplitude from the first
    /// point, tau from a log-linear fit of the part above 15 % of the amplitude, cross-checked against
    /// the 1/e crossing (which is used alone when the log-linear fit is implausible).
    /// </summary>
    public double[] InitialGuess(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (xs, ys) = GuessHeuristics.SortedByX(x, y);
        int n = xs.Length;
        double span = xs[n - 1] - xs[0];
        if (!(span > 0.0))
        {
            return [ys[0] - ys[n - 1], 1.0, GuessHeuristics.Mean(ys)];
        }

        int tailCount = Math.Max(1, n / 8);
        double offset = GuessHeuristics.Mean(ys.AsSpan(n - tailCount));
        int headCount = Math.Max(1, n / 20);
        double amplitudeAtStart = GuessHeuristics.Mean(ys.AsSpan(0, headCount)) - offset;
        if (amplitudeAtStart == 0.0)
        {
            amplitudeAtStart = ys.Max() - ys.Min();
            if (amplitudeAtStart == 0.0)
            {
                return [0.0, span, offset];
            }
        }

        double tauCrossing = OneOverECrossing(xs, ys, offset, amplitudeAtStart) ?? (2.0 * span);
        double tau = tauCrossing;
        if (LogLinearDecayTime(xs, ys, offset, amplitudeAtStart) is double tauLog
            && tauLog > 0.2 * tauCrossing && tauLog < 5.0 * tauCrossing)
        {
            tau = tauLog;
        }

        tau = Math.Max(tau, 1e-3 * span);
        double amplitude = amplitudeAtStart * Math.Exp(Math.Min(700.0, xs[0] / tau));
        return [amplitude, tau, offset];
    }

    private static double? OneOverECrossing(double[] xs, double[] ys, double offset, double amplitude)
    {
        double target = 1.0 / Math.E;
        double previous = 1.0;
        for (int i = 1; i < xs.Length; i++)
        {
            double ratio = (ys[i] - offset) / amplitude;
            if (ratio <= target)
            {
                double fraction = previous == ratio ? 0.0 : (previous - target) / (previous - ratio);
                double crossing = xs[i - 1] + (fraction * (xs[i] - xs[i - 1]));
                return crossing - xs[0] > 0.0 ? crossing - xs[0] : null;
            }

            previous = ratio;
        }

        return null;
    }

    private static double? LogLinearDecayTime(double[] xs, double[] ys, double offset, double amplitude)
    {
        var u = new List<double>();
        var v = new List<double>();
        var w = new List<double>();
        for (int i = 0; i < xs.Length; i++)
        {
            double ratio = (ys[i] - offset) / amplitude;
            if (ratio < 0.15)
            {
                break; // only the early, well-above-noise part
            }

            u.Add(xs[i]);
            v.Add(Math.Log(ratio));
            w.Add(ratio * ratio); // var(ln r) ~ var(r)/r^2
        }

        return GuessHeuristics.WeightedLine(u, v, w, out double slope, out _) && slope < 0.0 ? -1.0 / slope : null;
    }
}
