namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// Draws two-qubit RB sequences from a seeded generator: uniformly random elements of
/// <see cref="TwoQubitCliffords"/> (indices 0..11519 in the returned <see cref="RbSequence"/>), the
/// interleaved element after each when given, and the recovery element that inverts the whole.
/// </summary>
public sealed class TwoQubitRbSequenceGenerator
{
    private readonly Random _random;

    public TwoQubitRbSequenceGenerator(int seed) => _random = new Random(seed);

    public RbSequence Next(int length, int? interleaved = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (interleaved is { } gate)
        {
            _ = TwoQubitCliffords.Inverse(gate); // validates the index
        }

        var cliffords = new int[length];
        var total = TwoQubitCliffords.Tableau(TwoQubitCliffords.Identity);
        for (var k = 0; k < length; k++)
        {
            var clifford = _random.Next(TwoQubitCliffords.Count);
            cliffords[k] = clifford;
            total = total.Then(TwoQubitCliffords.Tableau(clifford));
            if (interleaved is { } g)
            {
                total = total.Then(TwoQubitCliffords.Tableau(g));
            }
        }

        return new RbSequence(cliffords, interleaved, TwoQubitCliffords.InverseUnchecked(TwoQubitCliffords.IndexOf(total)));
    }
}
