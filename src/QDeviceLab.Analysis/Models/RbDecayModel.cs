namespace QDeviceLab.Analysis;

/// <summary>
/// Randomized-benchmarking survival F(m) = A p^m + B (Magesan, Gambetta, Emerson 2011, zeroth
/// order), x = number of random Cliffords m. p is the depolarizing parameter, bounded to [0, 1];
/// A and B are free because they absorb state-preparation and measurement errors.
/// </summary>
public sealed class RbDecayModel : IBoundedFitModel
{
    public const int AmplitudeIndex = 0;
    public const int DecayIndex = 1;
    public const int OffsetIndex = 2;

    private static readonly string[] Names = ["A", "p", "B"];
    private static readonly ParameterBounds[] Limits = [ParameterBounds.None, new(0.0, 1.0), ParameterBounds.None];

    /// <param name="dimension">Hilbert-space dimension d (2 for one qubit): the fully mixed survival 1/d seeds the guess of B.</param>
    public RbDecayModel(int dimension = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 2);
        Dimension = dimension;
    }

    public int Dimension { get; }

    public string Name => "RbDecay";

    public IReadOnlyList<string> ParameterNames => Names;

    public IReadOnlyList<ParameterBounds> Bounds => Limits;

    public string Formula => "F(m) = A p^m + B";

    public double Evaluate(double x, ReadOnlySpan<double> p) => (p[AmplitudeIndex] * Math.Pow(p[DecayIndex], x)) + p[OffsetIndex];

    public void Gradient(double x, ReadOnlySpan<double> p, Span<double> dfdp)
    {
        var decay = p[DecayIndex];
        dfdp[AmplitudeIndex] = Math.Pow(decay, x);
        // m p^(m-1), written so that m = 0 gives 0 even at p = 0.
        dfdp[DecayIndex] = x == 0.0 ? 0.0 : p[AmplitudeIndex] * x * Math.Pow(decay, x - 1.0);
        dfdp[OffsetIndex] = 1.0;
    }

    /// <summary>
    /// B = 1/d (the depolarized survival), A from the shortest lengths, p from a log-linear fit of
    /// (F - B)/A where it is still well above zero; falls back to a decay to 1/e over the span.
    /// </summary>
    public double[] InitialGuess(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (xs, ys) = GuessHeuristics.SortedByX(x, y);
        var n = xs.Length;
        var offset = 1.0 / Dimension;
        var amplitude = ys[0] - offset;
        if (!(amplitude > 0.05))
        {
            amplitude = 1.0 - offset;
        }

        var span = Math.Max(1.0, xs[n - 1] - xs[0]);
        var decay = Math.Exp(-1.0 / span);
        var u = new List<double>();
        var v = new List<double>();
        var w = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var ratio = (ys[i] - offset) / amplitude;
            if (ratio > 0.15)
            {
                u.Add(xs[i]);
                v.Add(Math.Log(ratio));
                w.Add(ratio * ratio);
            }
        }

        if (GuessHeuristics.WeightedLine(u, v, w, out var slope, out _) && slope < 0.0)
        {
            decay = Math.Exp(slope);
        }

        return [amplitude, Math.Clamp(decay, 1e-3, 1.0 - 1e-9), offset];
    }
}
