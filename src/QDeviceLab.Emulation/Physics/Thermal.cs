namespace QDeviceLab.Emulation.Physics;

/// <summary>Boltzmann population of the excited state of a two-level system.</summary>
internal static class Thermal
{
    public const double Planck = 6.62607015e-34;
    public const double Boltzmann = 1.380649e-23;

    /// <summary>exp(-h f / k T) / (1 + exp(-h f / k T)); zero at or below 0 K.</summary>
    public static double ExcitedPopulation(double frequencyHz, double temperatureKelvin)
    {
        if (!(temperatureKelvin > 0))
        {
            return 0.0;
        }

        double x = Math.Exp(-Planck * frequencyHz / (Boltzmann * temperatureKelvin));
        return x / (1 + x);
    }

    /// <summary>
    /// Bose-Einstein occupation n = 1 / (exp(h f / k T) - 1) of the bath at the qubit frequency;
    /// zero at or below 0 K. It sets the upward rate n/T1 and the downward rate (n + 1)/T1.
    /// </summary>
    public static double BoseOccupation(double frequencyHz, double temperatureKelvin)
    {
        if (!(temperatureKelvin > 0))
        {
            return 0.0;
        }

        return 1.0 / double.ExpM1(Planck * frequencyHz / (Boltzmann * temperatureKelvin));
    }
}
