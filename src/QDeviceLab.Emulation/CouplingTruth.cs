namespace QDeviceLab.Emulation;

/// <summary>
/// The true coupling of one emulated pair, as the station file's <c>emulator.couplings</c> sets it (SI units):
/// H/h gains zeta(V) |11&gt;&lt;11| with zeta(V) = <paramref name="StaticZzHz"/> + <paramref name="ZzPerVoltSquared"/> V^2
/// for flux volts V, and each qubit's detuning gains alpha V^2 (<paramref name="ShiftAPerVoltSquared"/> for
/// <paramref name="QubitA"/>, <paramref name="ShiftBPerVoltSquared"/> for <paramref name="QubitB"/>).
/// </summary>
public sealed record CouplingTruth(
    string Name,
    string QubitA,
    string QubitB,
    double StaticZzHz,
    double ZzPerVoltSquared,
    double ShiftAPerVoltSquared,
    double ShiftBPerVoltSquared)
{
    /// <summary>Square flux pulse amplitude (V) giving a conditional phase of pi in <paramref name="duration"/> seconds.</summary>
    public double ControlledZAmplitude(double duration) => Math.Sqrt((1 / (2 * duration) - StaticZzHz) / ZzPerVoltSquared);
}
