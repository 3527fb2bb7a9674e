namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// The physical pulses one-qubit Cliffords are built from: pi/2 and pi rotations about x and y,
/// their negatives (the same pulse with the I/Q phase advanced by pi), and an idle of one pulse
/// length that stands for the identity so every Clifford takes at least one pulse slot.
/// </summary>
public enum CliffordPulse
{
    Idle,
    X90,
    Y90,
    MinusX90,
    MinusY90,
    X180,
    Y180,
}

/// <summary>Rotation angle and axis phase of each <see cref="CliffordPulse"/>, as a pulse compiler needs them.</summary>
public static class CliffordPulses
{
    /// <summary>Rotation angle in radians (0 for the idle).</summary>
    public static double Angle(this CliffordPulse pulse) => pulse switch
    {
        CliffordPulse.Idle => 0,
        CliffordPulse.X180 or CliffordPulse.Y180 => Math.PI,
        _ => Math.PI / 2,
    };

    /// <summary>Equatorial axis in radians from x: 0 = x, pi/2 = y, pi = -x, 3 pi/2 = -y.</summary>
    public static double AxisPhase(this CliffordPulse pulse) => pulse switch
    {
        CliffordPulse.Y90 or CliffordPulse.Y180 => Math.PI / 2,
        CliffordPulse.MinusX90 => Math.PI,
        CliffordPulse.MinusY90 => 3 * Math.PI / 2,
        _ => 0,
    };

    /// <summary>The pulse's action on the Bloch sphere, exact (a right-handed rotation).</summary>
    internal static SignedPermutation Rotation(this CliffordPulse pulse) => pulse switch
    {
        CliffordPulse.Idle => SignedPermutation.Identity,
        CliffordPulse.X90 => SignedPermutation.QuarterTurnAboutX,
        CliffordPulse.Y90 => SignedPermutation.QuarterTurnAboutY,
        CliffordPulse.MinusX90 => SignedPermutation.QuarterTurnAboutX.Inverse,
        CliffordPulse.MinusY90 => SignedPermutation.QuarterTurnAboutY.Inverse,
        CliffordPulse.X180 => SignedPermutation.QuarterTurnAboutX.Then(SignedPermutation.QuarterTurnAboutX),
        CliffordPulse.Y180 => SignedPermutation.QuarterTurnAboutY.Then(SignedPermutation.QuarterTurnAboutY),
        _ => throw new ArgumentOutOfRangeException(nameof(pulse), pulse, "not a Clifford pulse"),
    };
}
