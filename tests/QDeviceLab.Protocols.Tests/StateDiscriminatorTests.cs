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

    [Fact]
    public void References_drawn_from_one_cloud_are_not_separable_and_say_what_to_check()
    {
        // The readout LO off: both references are the same noise cloud.
        var discriminator = new StateDiscriminator(Cloud(0, 0, 0.3e-3, 500, 7), Cloud(0, 0, 0.3e-3, 500, 8));
        Assert.True(discriminator.SeparationInStandardErrors < StateDiscriminator.MinimumSeparation, $"{discriminator.SeparationInStandardErrors}");
        var error = Assert.Throws<MeasurementException>(() => discriminator.RequireSeparable("q3"));
        Assert.Contains("qubit q3", error.Message, StringComparison.Ordinal);
        Assert.Contains("readout LO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weak_but_real_readout_is_separable_and_its_separation_is_in_standard_errors()
    {
        // Centres 0.1 mV apart in 0.3 mV noise, 500 shots each: SE of the difference ~ 0.3 * sqrt(2/500) = 0.019 mV.
        var discriminator = new StateDiscriminator(Cloud(0.05e-3, 0, 0.3e-3, 500, 9), Cloud(-0.05e-3, 0, 0.3e-3, 500, 10));
        Assert.InRange(discriminator.SeparationInStandardErrors, 3.5, 7.5);
        var strong = new StateDiscriminator(Cloud(1e-3, 0, 0.3e-3, 500, 11), Cloud(-1e-3, 0, 0.3e-3, 500, 12));
        Assert.InRange(strong.SeparationInStandardErrors, 90, 120);
        strong.RequireSeparable("q0");
    }
}
