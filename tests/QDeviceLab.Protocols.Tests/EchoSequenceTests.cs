using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Tests;

public sealed class EchoSequenceTests
{
    private static readonly PiPulseCalibration Pi = new(0.4, 40e-9);

    /// <summary>Start samples of each pulse on a channel: a pulse is a run of non-zero samples.</summary>
    private static List<int> PulseStarts(double[] samples)
    {
        var starts = new List<int>();
        for (var k = 0; k < samples.Length; k++)
        {
            if (samples[k] != 0 && (k == 0 || samples[k - 1] == 0))
            {
                starts.Add(k);
            }
        }

        return starts;
    }

    [Fact]
    public void A_hahn_echo_puts_one_pi_pulse_about_y_exactly_halfway_between_the_half_pi_pulses()
    {
        var builder = new PulseSequenceBuilder(1e9, Pi);
        var played = EchoSequence.Compile(builder, 10e-6, 1);
        var waveform = builder.Build();

        Assert.Equal(10e-6, played, 15);
        Assert.Equal([0, 40 + 5000 + 40 + 5000], PulseStarts(waveform.InPhase));
        Assert.Equal([40 + 5000], PulseStarts(waveform.Quadrature));
        Assert.Equal(0.4, waveform.Quadrature.Max(), 2);
        Assert.Equal(0.2, waveform.InPhase.Max(), 2);
        Assert.Equal(10e-6 + 3 * 40e-9, waveform.Duration, 15);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void Cpmg_pi_pulses_sit_at_t_over_n_times_i_minus_one_half_of_the_free_evolution(int n)
    {
        var builder = new PulseSequenceBuilder(1e9, Pi);
        var played = EchoSequence.Compile(builder, 14e-6, n);
        var waveform = builder.Build();
        var gap = (int)Math.Round(14e3 / n / 2) * 2;
        Assert.Equal(gap * n * 1e-9, played, 15);

        // Free-evolution time before the centre of pi pulse i, i = 1..n: the idle before it plus half
        // a pulse, minus what the pulses before it took.
        var starts = PulseStarts(waveform.Quadrature);
        Assert.Equal(n, starts.Count);
        for (var i = 1; i <= n; i++)
        {
            var idleBefore = starts[i - 1] - 40 - (i - 1) * 40;
            Assert.Equal(played / n * (i - 0.5), idleBefore * 1e-9, 12);
        }
    }

    [Fact]
    public void A_zero_delay_plays_the_pulses_back_to_back()
    {
        var builder = new PulseSequenceBuilder(1e9, Pi);
        Assert.Equal(0.0, EchoSequence.Compile(builder, 0, 3));
        Assert.Equal(5 * 40, builder.Build().Length);
    }

    [Fact]
    public void A_train_needs_at_least_one_pi_pulse() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EchoSequence.Compile(new PulseSequenceBuilder(1e9, Pi), 1e-6, 0));
}
