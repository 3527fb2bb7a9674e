namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The true parameters of two coupled transmons <see cref="A"/> and <see cref="B"/> (SI units) and of the
/// flux line between them. The coupling is a |11&gt; energy: H/h gains zeta(V) |11&gt;&lt;11| with
/// zeta(V) = <see cref="StaticZzHz"/> + <see cref="ZzPerVoltSquared"/> V^2, so a partner in |0&gt; shifts
/// nothing (every one-qubit property stays as the qubit's own parameters say). The flux voltage V
/// also pulls each qubit's frequency: its detuning becomes detuning + alpha V^2
/// (<see cref="ShiftAPerVoltSquared"/>, <see cref="ShiftBPerVoltSquared"/>), the dynamic phases a lab
/// removes with virtual Z after a CZ.
/// </summary>
internal sealed record PairParameters(
    TransmonParameters A,
    TransmonParameters B,
    double StaticZzHz,
    double ZzPerVoltSquared,
    double ShiftAPerVoltSquared,
    double ShiftBPerVoltSquared)
{
    /// <summary>zeta(V) in Hz: the |11&gt; energy at flux voltage <paramref name="volts"/>.</summary>
    public double ZzAt(double volts) => StaticZzHz + ZzPerVoltSquared * volts * volts;

    /// <summary>
    /// The square flux pulse amplitude (V) whose conditional phase over <paramref name="duration"/> is pi:
    /// 2 pi zeta(V) duration = pi, static ZZ during the pulse included. NaN when no real amplitude does it.
    /// </summary>
    public double ControlledZAmplitude(double duration) =>
        Math.Sqrt((1 / (2 * duration) - StaticZzHz) / ZzPerVoltSquared);
}
