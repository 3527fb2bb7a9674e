namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// One randomized-benchmarking sequence: <see cref="Length"/> random Cliffords, each followed by
/// the interleaved gate when there is one, then the recovery Clifford that returns the ideal
/// state to |0>.
/// </summary>
/// <param name="Random">The random Cliffords in time order (indices into <see cref="OneQubitCliffords"/>, or into <see cref="TwoQubitCliffords"/> for sequences of <see cref="TwoQubitRbSequenceGenerator"/>).</param>
/// <param name="Interleaved">The Clifford played after each random one, or null for standard RB.</param>
/// <param name="Recovery">The inverse of everything before it.</param>
public sealed record RbSequence(IReadOnlyList<int> Random, int? Interleaved, int Recovery)
{
    public int Length => Random.Count;

    /// <summary>Every Clifford played, in time order, the recovery last.</summary>
    public IEnumerable<int> Played()
    {
        foreach (var clifford in Random)
        {
            yield return clifford;
            if (Interleaved is { } gate)
            {
                yield return gate;
            }
        }

        yield return Recovery;
    }
}

/// <summary>Draws RB sequences from a seeded generator, so a recorded seed reproduces them.</summary>
public sealed class RbSequenceGenerator
{
    private readonly Random _random;

    public RbSequenceGenerator(int seed) => _random = new Random(seed);

    /// <summary>
    /// <paramref name="length"/> uniformly random Cliffords, interleaved with <paramref name="interleaved"/>
    /// when given, and the recovery. The running product is tracked through the multiplication
    /// table, so a sequence costs one lookup per Clifford.
    /// </summary>
    public RbSequence Next(int length, int? interleaved = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (interleaved is { } gate)
        {
            _ = OneQubitCliffords.Inverse(gate); // validates the index
        }

        var cliffords = new int[length];
        var total = OneQubitCliffords.Identity;
        for (var k = 0; k < length; k++)
        {
            var clifford = _random.Next(OneQubitCliffords.Count);
            cliffords[k] = clifford;
            total = OneQubitCliffords.ThenUnchecked(total, clifford);
            if (interleaved is { } g)
            {
                total = OneQubitCliffords.ThenUnchecked(total, g);
            }
        }

        return new RbSequence(cliffords, interleaved, OneQubitCliffords.InverseUnchecked(total));
    }
}
