using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// Compiles a CPMG train: pi/2 about x, then N pi pulses about y centred (in free-evolution
/// time) at t_i = (t/N)(i - 1/2), then pi/2 about x. N = 1 is the Hahn echo. The swept time t is
/// the total idle between the pi/2 pulses; the pulses add a fixed time that only scales A.
/// </summary>
internal static class EchoSequence
{
    /// <summary>Appends the train for a total free evolution near <paramref name="delay"/>; returns the idle actually played.</summary>
    public static double Compile(PulseSequenceBuilder builder, double delay, int piPulses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(piPulses, 1);

        // Every gap is a whole number of the same half-gap, so the pi pulses sit exactly at
        // (t/N)(i - 1/2) even after rounding to samples; an asymmetric echo would leave a phase
        // of 2 pi detuning x (asymmetry) unrefocused.
        var halfGapSamples = (int)Math.Round(delay * builder.SampleRate / (2.0 * piPulses));
        var halfGap = halfGapSamples / builder.SampleRate;
        builder.Rotate(Math.PI / 2);
        builder.Wait(halfGap);
        for (var i = 1; i <= piPulses; i++)
        {
            builder.Rotate(Math.PI, Math.PI / 2);
            builder.Wait(i < piPulses ? 2 * halfGap : halfGap);
        }

        builder.Rotate(Math.PI / 2);
        return 2.0 * piPulses * halfGapSamples / builder.SampleRate;
    }
}
