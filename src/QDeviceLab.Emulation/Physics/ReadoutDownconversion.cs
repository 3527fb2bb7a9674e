using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The readout LO of a station (station file <c>emulator.readout_lo</c>): which source it is, which
/// digitizers it downconverts for, and the frequency and power at which the readout IQ centres of
/// <c>emulator.qubits.*.readout</c> were calibrated.
/// </summary>
internal sealed record ReadoutLoConfiguration(string Source, IReadOnlyList<string> Digitizers, double CalibratedFrequency, double CalibratedPower);

/// <summary>
/// What the readout LO does to the integrated IQ signal, as a complex gain applied to both state
/// centres (noise, added after the mixer by the IF chain, is unchanged):
/// <list type="bullet">
/// <item>output off: gain 0, both states give the same cloud at the origin;</item>
/// <item>tuned <c>delta</c> away from the calibrated frequency: every readout tone lands <c>delta</c>
/// off its resonator, whose transmission is the Lorentzian 1 / (1 + 2i delta / kappa): the response
/// falls as 1/sqrt(1 + (2 delta/kappa)^2) and rotates by -atan(2 delta / kappa);</item>
/// <item>LO power below the calibrated drive: the mixer is starved and its conversion gain falls with
/// the LO amplitude, 10^((P - P_cal)/20); at or above the calibrated drive it is saturated (gain 1).</item>
/// </list>
/// </summary>
internal static class ReadoutDownconversion
{
    public static Complex Gain(bool outputOn, double frequency, double powerDbm, ReadoutLoConfiguration lo, double linewidthHz)
    {
        if (!outputOn)
        {
            return Complex.Zero;
        }

        double delta = frequency - lo.CalibratedFrequency;
        var resonator = Complex.One / new Complex(1, 2 * delta / linewidthHz);
        double conversion = powerDbm >= lo.CalibratedPower ? 1 : Math.Pow(10, (powerDbm - lo.CalibratedPower) / 20);
        return conversion * resonator;
    }
}
