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
}
