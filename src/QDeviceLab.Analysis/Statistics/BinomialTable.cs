namespace QDeviceLab.Analysis;

// Folder Statistics/, flat namespace like Fitting/ and Models/: a QDeviceLab.Analysis.Statistics
// namespace would shadow the test suite's Support.Statistics helper.

/// <summary>
/// Exact binomial draws by inverting a tabulated CDF: one uniform and a binary search per draw
/// instead of one uniform per trial. Built once per (trials, probability) and reused, which is
/// what a bootstrap does: it redraws the same few hundred sequences' shots thousands of times.
/// </summary>
/// <remarks>
/// The table spans the counts whose probability exceeds 1e-18 of the mode's (built outward from
/// the mode by the ratio f(k+1)/f(k) = (n-k)/(k+1) * p/(1-p), so nothing underflows); the mass
/// left out is below double precision of the CDF, so draws are exact to the last bit that matters.
/// </remarks>
internal sealed class BinomialTable
{
    private const double Negligible = 1e-18;

    private readonly int _lowest;
    private readonly double[] _cdf;

    public BinomialTable(int trials, double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in [0, 1]");
        }

        if (probability == 0 || probability == 1 || trials == 0)
        {
            _lowest = probability == 1 ? trials : 0;
            _cdf = [1.0];
            return;
        }

        var odds = probability / (1 - probability);
        var mode = (int)Math.Min(trials, Math.Floor((trials + 1) * probability));
        var above = new List<double> { 1.0 };
        for (var k = mode; k < trials; k++)
        {
            var next = above[^1] * (trials - k) / (k + 1) * odds;
            if (next < Negligible)
            {
                break;
            }

            above.Add(next);
        }

        var below = new List<double>();
        var f = 1.0;
        for (var k = mode; k > 0; k--)
        {
            f *= k / ((trials - k + 1) * odds);
            if (f < Negligible)
            {
                break;
            }

            below.Add(f);
        }

        _lowest = mode - below.Count;
        _cdf = new double[below.Count + above.Count];
        var sum = 0.0;
        var at = 0;
        for (var j = below.Count - 1; j >= 0; j--)
        {
            sum += below[j];
            _cdf[at++] = sum;
        }

        foreach (var value in above)
        {
            sum += value;
            _cdf[at++] = sum;
        }

        for (var j = 0; j < _cdf.Length; j++)
        {
            _cdf[j] /= sum;
        }

        _cdf[^1] = 1.0;
    }

    /// <summary>One draw: the smallest count whose CDF exceeds a uniform number.</summary>
    public int Sample(Random random)
    {
        var u = random.NextDouble();
        int low = 0, high = _cdf.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_cdf[middle] > u)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return _lowest + low;
    }
}
