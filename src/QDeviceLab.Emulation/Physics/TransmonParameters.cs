namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The true parameters of one emulated transmon (SI units). <see cref="T2Star"/> must not
/// exceed 2 <see cref="T1"/>; pure dephasing follows from 1/T2* = 1/(2 T1) + gamma_phi.
/// The two gate errors default to 0 (an ideal drive): <see cref="DriveAmplitudeError"/> scales the
/// Rabi rate the qubit sees by 1 + epsilon (a relative over-rotation), and <see cref="DepolarizingRate"/>
/// adds a depolarizing channel gamma_d (I/2 tr rho - rho), per second, while the drive is non-zero.
/// </summary>
internal sealed record TransmonParameters(
    double FrequencyHz,
    double DetuningHz,
    double RabiRatePerVolt,
    double T1,
    double T2Star,
    double DriveAmplitudeError = 0,
    double DepolarizingRate = 0)
{
    /// <summary>Pure dephasing rate gamma_phi = 1/T2* - 1/(2 T1), in 1/s.</summary>
    public double PureDephasingRate => 1.0 / T2Star - 1.0 / (2.0 * T1);
}
