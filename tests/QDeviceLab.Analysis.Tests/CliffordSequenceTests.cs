using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Analysis.Tests;

public sealed class CliffordSequenceTests
{
    private static int Compose(IEnumerable<int> cliffords) =>
        cliffords.Aggregate(OneQubitCliffords.Identity, OneQubitCliffords.Then);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(500)]
    public void A_sequence_with_its_recovery_composes_to_the_identity(int length)
    {
        var generator = new RbSequenceGenerator(seed: 5);
        for (var k = 0; k < 20; k++)
        {
            var sequence = generator.Next(length);
            Assert.Equal(length, sequence.Length);
            Assert.Equal(length + 1, sequence.Played().Count());
            Assert.Equal(OneQubitCliffords.Identity, Compose(sequence.Played()));
        }
    }

    [Fact]
    public void An_interleaved_sequence_plays_the_gate_after_every_random_Clifford_and_still_recovers()
    {
        var x90 = OneQubitCliffords.Of(CliffordPulse.X90);
        var sequence = new RbSequenceGenerator(seed: 9).Next(30, x90);
        var played = sequence.Played().ToArray();
        Assert.Equal(61, played.Length);
        Assert.All(Enumerable.Range(0, 30), k => Assert.Equal(x90, played[(2 * k) + 1]));
        Assert.Equal(OneQubitCliffords.Identity, Compose(played));
    }

    [Fact]
    public void The_same_seed_draws_the_same_sequences_and_another_seed_does_not()
    {
        var first = new RbSequenceGenerator(42);
        var again = new RbSequenceGenerator(42);
        var other = new RbSequenceGenerator(43);
        var a = first.Next(50);
        Assert.Equal(a.Random, again.Next(50).Random);
        Assert.NotEqual(a.Random, other.Next(50).Random);
    }

    [Fact]
    public void Random_Cliffords_cover_the_whole_group_about_uniformly()
    {
        var counts = new int[OneQubitCliffords.Count];
        foreach (var c in new RbSequenceGenerator(1).Next(24_000).Random)
        {
            counts[c]++;
        }

        // Expected 1000 each, binomial sd about 31: 6 sd either side.
        Assert.All(counts, n => Assert.InRange(n, 810, 1190));
    }
}
