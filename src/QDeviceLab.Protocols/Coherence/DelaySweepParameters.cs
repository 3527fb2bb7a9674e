using System.Globalization;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>The delays to visit and the shots to take at each, for any delay-sweep protocol.</summary>
public sealed record DelaySweepParameters
{
    public DelaySweepParameters(IReadOnlyList<double> delays, int shots)
    {
        ArgumentNullException.ThrowIfNull(delays);
        if (delays.Count < 6)
        {
            throw new ArgumentException($"a decay fit needs at least 6 delays, got {delays.Count}", nameof(delays));
        }

        if (delays.Any(d => !(d >= 0) || double.IsInfinity(d)))
        {
            throw new ArgumentException("every delay must be zero or a positive finite time", nameof(delays));
        }

        if (shots is < 10 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(shots), shots, "shots per point must be 10 to 1,000,000");
        }

        Delays = delays;
        Shots = shots;
    }

    public IReadOnlyList<double> Delays { get; }

    public int Shots { get; }

    /// <summary><paramref name="count"/> evenly spaced delays from <paramref name="first"/> to <paramref name="last"/> inclusive.</summary>
    public static DelaySweepParameters Linear(int count, double first, double last, int shots)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "need at least 2 delays for a linear sweep");
        }

        if (!(last > first))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"the last delay ({last:G4} s) must be longer than the first ({first:G4} s)"), nameof(last));
        }

        var step = (last - first) / (count - 1);
        return new DelaySweepParameters(Enumerable.Range(0, count).Select(i => first + i * step).ToArray(), shots);
    }
}
