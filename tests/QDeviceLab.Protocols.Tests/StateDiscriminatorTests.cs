using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.Tests;

public sealed class StateDiscriminatorTests
{
    private static IqShots Cloud(double i, double q, double noise, int count, int seed)
    {
        var random = new Random(seed);
        float Gaussian(double mean) => (float)(mean + noise * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var inPhase = new float[count];
        var quadrature = new float[count];
        for (var k = 0; k < count; k++)
        {
            inPhase[k] = Gaussian(i);
            quadrature[k] = Gaussian(q);
        }

        return new IqShots(inPhase, quadrature);
    }

    [Fact]
    public void Well_separated_clouds_are_told_apart_with_high_fidelity()
    {
        var ground = Cloud(1e-3, 0, 0.2e-3, 2000, 1);
        var excited = Cloud(-1e-3, 0.5e-3, 0.2e-3, 2000, 2);
        var discriminator = new StateDiscriminator(ground, excited);
        Assert.Equal(1e-3, discriminator.GroundI, 4);
        Assert.Equal(-1e-3, discriminator.ExcitedI, 4);
        Assert.True(discriminator.AssignmentFidelity > 0.999, $"fidelity {discriminator.AssignmentFidelity}");
        Assert.False(discriminator.IsExcited(0.9e-3, 0));
        Assert.True(discriminator.IsExcited(-0.9e-3, 0.4e-3));
    }

    [Fact]
    public void Counting_a_mixed_sample_recovers_the_excited_fraction()
    {
        var discriminator = new StateDiscriminator(Cloud(1e-3, 0, 0.2e-3, 1000, 3), Cloud(-1e-3, 0, 0.2e-3, 1000, 4));
        var ground = Cloud(1e-3, 0, 0.2e-3, 700, 5);
        var excited = Cloud(-1e-3, 0, 0.2e-3, 300, 6);
        var mixed = new IqShots([.. ground.InPhase, .. excited.InPhase], [.. ground.Quadrature, .. excited.Quadrature]);
        Assert.InRange(discriminator.CountExcited(mixed), 295, 305);
    }

    [Fact]
    public void Identical_references_mean_the_readout_sees_nothing()
    {
        var same = new IqShots([1f, 1f], [0f, 0f]);
        var error = Assert.Throws<MeasurementException>(() => new StateDiscriminator(same, same));
        Assert.Contains("same centre", error.Message, StringComparison.Ordinal);
    }
}
