namespace QDeviceLab.Analysis;

/// <summary>
/// y = A exp(-x/tau) cos(2 pi f x + phi) + B: Ramsey fringes (T2*) at detuning f. A, tau and f are
/// bounded below by 0, which removes the (A, phi) -&gt; (-A, phi + pi) and (f, phi) -&gt; (-f, -phi)
/// twins; phi is left free (it is only defined modulo 2 pi).
/// </summary>
public sealed class DampedCosineModel : IBoundedFitModel
{
    public const int AmplitudeIndex = 0;
    public const int DecayTimeIndex = 1;
    public const int FrequencyIndex = 2;
    public const int PhaseIndex = 3;
    public const int OffsetIndex = 4;

    private static readonly string[] Names = ["A", "tau", "f", "phi", "B"];
    private static readonly ParameterBounds[] Limits =
    [
        ParameterBounds.NonNegative, ParameterBounds.NonNegative, ParameterBounds.NonNegative, ParameterBounds.None, ParameterBounds.None,
    ];

    public string Name => "DampedCosine";

    public IReadOnlyList<string> ParameterNames => Names;

    public IReadOnlyList<ParameterBounds> Bounds => Limits;

    public string Formula => "y = A exp(-x/tau) cos(2 pi f x + phi) + B";

    public double Evaluate(double x, ReadOnlySpan<double> p)
    {
        double decay = GuessHeuristics.DecayFactor(x, p[DecayTimeIndex]);
        return (p[AmplitudeIndex] * decay * Math.Cos((2.0 * Math.PI * p[FrequencyIndex] * x) + p[PhaseIndex])) + p[OffsetIndex];
    }

    public void Gradient(double x, ReadOnlySpan<double> p, Span<double> dfdp)
    {
        double a = p[AmplitudeIndex];
        double decay = GuessHeuristics.DecayFactor(x, p[DecayTimeIndex]);
        double angle = (2.0 * Math.PI * p[FrequencyIndex] * x) + p[PhaseIndex];
        double cos = Math.Cos(angle);
        double sin = Math.Sin(angle);
        dfdp[AmplitudeIndex] = decay * cos;
        dfdp[DecayTimeIndex] = a * cos * GuessHeuristics.DecayFactorTauDerivative(x, p[DecayTimeIndex], decay);
        dfdp[FrequencyIndex] = -a * decay * sin * 2.0 * Math.PI * x;
        dfdp[PhaseIndex] = -a * decay * sin;
        dfdp[OffsetIndex] = 1.0;
    }

    /// <summary>
    /// Frequency from the peak of a Lomb-Scargle periodogram of the de-meaned data (valid for
    /// non-uniform x; the scan stops at the Nyquist frequency of the median spacing). Then a small
    /// grid over (f near the peak, tau from 0.1 to 10 windows) where, for each pair, B, A cos(phi)
    /// and A sin(phi) follow from linear least squares; the pair with the smallest residual wins.
    /// This gives the phase from all points rather than from the first one, so it does not depend on
    /// the phase or on the noise of a single point.
    /// </summary>
    public double[] InitialGuess(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (xs, ys) = GuessHeuristics.SortedByX(x, y);
        int n = xs.Length;
        double mean = GuessHeuristics.Mean(ys);
        double window = xs[n - 1] - xs[0];
        double spacing = GuessHeuristics.MedianSpacing(xs);
        if (!(window > 0.0) || !(spacing > 0.0))
        {
            return [0.5 * (ys.Max() - ys.Min()), 1.0, 0.0, 0.0, mean];
        }

        var centred = new double[n];
        for (int i = 0; i < n; i++)
        {
            centred[i] = ys[i] - mean;
        }

        double nyquist = 0.5 / spacing;
        double frequencyStep = 0.1 / window; // 10x oversampled relative to the natural resolution 1/window
        double peakFrequency = Periodogram.PeakFrequency(xs, centred, 0.5 / window, nyquist, frequencyStep);

        double bestResidual = double.PositiveInfinity;
        double[] best = [0.5 * (ys.Max() - ys.Min()), window, peakFrequency, 0.0, mean];
        for (int df = -4; df <= 4; df++)
        {
            double f = peakFrequency + (df * 0.25 * frequencyStep);
            if (!(f > 0.0))
            {
                continue;
            }

            for (int t = 0; t <= 12; t++)
            {
                double tau = window * Math.Pow(10.0, -1.0 + (t / 6.0)); // 0.1 .. 10 windows
                if (LinearAmplitudes(xs, ys, f, tau, out double offset, out double cosine, out double sine, out double residual)
                    && residual < bestResidual)
                {
                    bestResidual = residual;
                    best = [Math.Sqrt((cosine * cosine) + (sine * sine)), tau, f, Math.Atan2(-sine, cosine), offset];
                }
            }
        }

        return best;
    }

    /// <summary>y ~ B + c e cos(wx) + s e sin(wx) by 3x3 normal equations (adequate for a starting point).</summary>
    private static bool LinearAmplitudes(double[] xs, double[] ys, double f, double tau,
        out double offset, out double cosine, out double sine, out double residual)
    {
        var normal = new double[3, 3];
        var rhs = new double[3];
        Span<double> basis = stackalloc double[3];
        for (int i = 0; i < xs.Length; i++)
        {
            double decay = Math.Exp(-xs[i] / tau);
            double w = 2.0 * Math.PI * f * xs[i];
            basis[0] = 1.0;
            basis[1] = decay * Math.Cos(w);
            basis[2] = decay * Math.Sin(w);
            for (int a = 0; a < 3; a++)
            {
                rhs[a] += basis[a] * ys[i];
                for (int b = 0; b < 3; b++)
                {
                    normal[a, b] += basis[a] * basis[b];
                }
            }
        }

        var solution = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(normal)
            .Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(rhs));
        offset = solution[0];
        cosine = solution[1];
        sine = solution[2];
        residual = 0.0;
        for (int i = 0; i < xs.Length; i++)
        {
            double decay = Math.Exp(-xs[i] / tau);
            double w = 2.0 * Math.PI * f * xs[i];
            double r = ys[i] - offset - (cosine * decay * Math.Cos(w)) - (sine * decay * Math.Sin(w));
            residual += r * r;
        }

        return double.IsFinite(residual) && double.IsFinite(offset) && double.IsFinite(cosine) && double.IsFinite(sine);
    }
}
