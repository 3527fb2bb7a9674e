using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Tests;

/// <summary>DRAG in the pulse compiler: the quadrature carries beta times the envelope's time derivative.</summary>
public sealed class DragPulseTests
{
    private const double Beta = 0.5e-9;
    private static readonly PiPulseCalibration Plain = new(0.4, 40e-9);
    private static readonly PiPulseCalibration Drag = new(0.4, 40e-9, Beta);

    [Fact]
    public void With_beta_zero_the_samples_are_exactly_the_plain_Gaussian()
    {
        var plain = new PulseSequenceBuilder(1e9, Plain).Rotate(Math.PI / 2).Rotate(Math.PI, Math.PI / 2).Build();
        var zero = new PulseSequenceBuilder(1e9, Plain with { Drag = 0 }).Rotate(Math.PI / 2).Rotate(Math.PI, Math.PI / 2).Build();
        Assert.Equal(plain.InPhase, zero.InPhase);
        Assert.Equal(plain.Quadrature, zero.Quadrature);
        Assert.All(plain.Quadrature.Take(40), q => Assert.Equal(0.0, q));
    }

    [Fact]
    public void An_x_pulse_keeps_its_Gaussian_on_I_and_gets_beta_times_the_derivative_on_Q()
    {
        var waveform = new PulseSequenceBuilder(1e9, Drag).Rotate(Math.PI).Build();
        var envelope = PulseSequenceBuilder.GaussianEnvelope(40e-9, 1e9);
        var plain = new PulseSequenceBuilder(1e9, Plain).Rotate(Math.PI).Build();
        Assert.Equal(plain.InPhase, waveform.InPhase);
        for (var k = 1; k < 39; k++)
        {
            // Central difference of the sampled envelope, per second, against the analytic derivative.
            var numeric = (envelope[k + 1] - envelope[k - 1]) / 2e-9;
            Assert.Equal(0.4 * Beta * numeric, waveform.Quadrature[k], 3e-3);
        }

        // Odd about the centre: rising edge positive, falling edge negative, mirror images.
        Assert.True(waveform.Quadrature[10] > 0 && waveform.Quadrature[29] < 0);
        for (var k = 0; k < 20; k++)
        {
            Assert.Equal(-waveform.Quadrature[k], waveform.Quadrature[39 - k], 12);
        }
    }

    [Fact]
    public void The_derivative_quadrature_has_zero_area_and_is_largest_at_one_sigma()
    {
        var derivative = PulseSequenceBuilder.GaussianEnvelopeDerivative(40e-9, 1e9);
        Assert.Equal(0.0, derivative.Sum(), 6); // per second over 40 samples of order 1e8: cancels to rounding
        var peak = Array.IndexOf(derivative, derivative.Max());
        Assert.InRange(peak, 9, 10); // t = -sigma = -10 ns from the centre at 20 ns
        Assert.True(derivative.Max() > 1e7);
    }

    [Fact]
    public void A_y_pulse_turns_the_derivative_onto_minus_I()
    {
        var x = new PulseSequenceBuilder(1e9, Drag).Rotate(Math.PI / 2).Build();
        var y = new PulseSequenceBuilder(1e9, Drag).Rotate(Math.PI / 2, Math.PI / 2).Build();
        for (var k = 0; k < 40; k++)
        {
            Assert.Equal(x.InPhase[k], y.Quadrature[k], 12);
            Assert.Equal(-x.Quadrature[k], y.InPhase[k], 12);
        }
    }
}
