namespace QDeviceLab.Emulation;

/// <summary>
/// The true parameters of one emulated qubit, as the station file's <c>emulator:</c> section
/// sets them: what a correct characterization should measure (SI units).
/// </summary>
/// <param name="ThermalExcitedPopulation">Boltzmann excited population at <paramref name="MixingChamberTemperature"/>.</param>
/// <param name="PureDephasingRate">gamma_phi = 1/T2* - 1/(2 T1), in 1/s.</param>
public sealed record QubitTruth(
    string Name,
    double FrequencyHz,
    double DetuningHz,
    double RabiRatePerVolt,
    double T1,
    double T2Star,
    double PureDephasingRate,
    double MixingChamberTemperature,
    double ThermalExcitedPopulation,
    double P0Given1,
    double P1Given0,
    double GroundI,
    double GroundQ,
    double ExcitedI,
    double ExcitedQ,
    double ReadoutNoise)
{
    /// <summary>Readout assignment fidelity F = 1 - [P(0|1) + P(1|0)] / 2.</summary>
    public double AssignmentFidelity => 1 - (P0Given1 + P1Given0) / 2;
}
