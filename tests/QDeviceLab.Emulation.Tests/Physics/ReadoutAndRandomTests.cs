using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

public sealed class ReadoutAndRandomTests
{
    [Fact]
    public void Same_stream_gives_the_same_numbers_and_other_streams_differ()
    {
        var a = DeterministicRandom.ForStream(42, "dig1/channel1", 3);
        var b = DeterministicRandom.ForStream(42, "dig1/channel1", 3);
        var c = DeterministicRandom.ForStream(42, "dig1/channel1", 4);
        var d = DeterministicRandom.ForStream(42, "dig1/channel2", 3);
        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => d.NextUInt64()));
    }

    [Fact]
    public void Gaussian_deviates_have_zero_mean_and_unit_variance()
    {
        var rng = new DeterministicRandom(1);
        var x = Enumerable.Range(0, 200_000).Select(_ => rng.NextGaussian()).ToArray();
        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
    }

    [Fact]
    public void Noiseless_readout_without_assignment_error_puts_every_shot_on_its_centre()
    {
        var model = new ReadoutModel(1, 2, -3, 4, Noise: 0, P0Given1: 0, P1Given0: 0);
        var iq = new float[2 * 100];
        model.Sample(1.0, 100, new DeterministicRandom(3), iq);
        Assert.All(Enumerable.Range(0, 100), s => Assert.Equal((-3f, 4f), (iq[2 * s], iq[2 * s + 1])));
        model.Sample(0.0, 100, new DeterministicRandom(3), iq);
        Assert.All(Enumerable.Range(0, 100), s => Assert.Equal((1f, 2f), (iq[2 * s], iq[2 * s + 1])));
    }

    [Fact]
    public void Assignment_errors_flip_outcomes_at_their_rates()
    {
        var model = new ReadoutModel(1, 0, -1, 0, Noise: 0, P0Given1: 0.1, P1Given0: 0.05);
        int shots = 100_000;
        var iq = new float[2 * shots];
        model.Sample(1.0, shots, new DeterministicRandom(5), iq);
        double readAsGround = Enumerable.Range(0, shots).Count(s => iq[2 * s] > 0) / (double)shots;
        Assert.InRange(readAsGround, 0.095, 0.105);
        model.Sample(0.0, shots, new DeterministicRandom(6), iq);
        double readAsExcited = Enumerable.Range(0, shots).Count(s => iq[2 * s] < 0) / (double)shots;
        Assert.InRange(readAsExcited, 0.046, 0.054);
    }
}
