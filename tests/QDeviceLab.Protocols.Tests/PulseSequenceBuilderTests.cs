using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Tests;

public sealed class PulseSequenceBuilderTests
{
    private static readonly PiPulseCalibration Pi = new(0.4, 40e-9);

    [Fact]
    public void The_gaussian_envelope_is_symmetric_peaks_near_one_and_starts_near_zero()
    {
        var envelope = PulseSequenceBuilder.GaussianEnvelope(40e-9, 1e9);
        Assert.Equal(40, envelope.Length);
        for (var k = 0; k < envelope.Length; k++)
        {
            Assert.Equal(envelope[k], envelope[^(k + 1)], 12);
        }

        Assert.InRange(envelope.Max(), 0.99, 1.0);
        Assert.InRange(envelope[0], 0.0, 0.02);
    }

    [Fact]
    public void A_pi_pulse_about_x_puts_the_calibrated_amplitude_on_i_only()
    {
        var waveform = new PulseSequenceBuilder(1e9, Pi).Rotate(Math.PI).Build();
        Assert.Equal(0.4, waveform.InPhase.Max(), 2);
        Assert.All(waveform.Quadrature, q => Assert.Equal(0.0, q, 12));
    }

    [Fact]
    public void A_half_pi_pulse_about_y_has_half_the_amplitude_on_q()
    {
        var waveform = new PulseSequenceBuilder(1e9, Pi).Rotate(Math.PI / 2, Math.PI / 2).Build();
        Assert.Equal(0.2, waveform.Quadrature.Max(), 2);
        Assert.All(waveform.InPhase, i => Assert.Equal(0.0, i, 12));
    }

    [Fact]
    public void A_wait_is_rounded_to_whole_samples_and_reports_what_was_played()
    {
        var builder = new PulseSequenceBuilder(1e9, Pi);
        var played = builder.Wait(10.4e-9);
        Assert.Equal(10e-9, played, 15);
        Assert.Equal(10, builder.Build().Length);
    }

    [Fact]
    public void Pulses_and_waits_concatenate_in_order()
    {
        var builder = new PulseSequenceBuilder(1e9, Pi);
        builder.Rotate(Math.PI);
        builder.Wait(100e-9);
        var waveform = builder.Build();
        Assert.Equal(140, waveform.Length);
        Assert.Equal(140e-9, waveform.Duration, 15);
        Assert.All(waveform.InPhase.Skip(40), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void An_empty_sequence_still_gives_one_sample() =>
        Assert.Equal(1, new PulseSequenceBuilder(1e9, Pi).Build().Length);

    [Theory]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_wait_is_refused(double seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PulseSequenceBuilder(1e9, Pi).Wait(seconds));
}
