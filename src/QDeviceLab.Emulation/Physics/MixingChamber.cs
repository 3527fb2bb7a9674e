namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Slow, seeded wander of the mixing-chamber temperature about its set point: a sum of four
/// sinusoids with periods <see cref="Period"/>, /2, /3, /4 and phases drawn from the seed, scaled
/// so that the root-mean-square deviation is <see cref="Amplitude"/> kelvin. A pure function of
/// emulated time, so a reading depends on how far the run has got, never on the wall clock.
/// </summary>
internal sealed record TemperatureDrift(double Amplitude, double Period)
{
    public static readonly TemperatureDrift None = new(0, 600);
}

/// <summary>The mixing chamber held at <see cref="Peak"/> kelvin from emulated time <see cref="Start"/> until <see cref="End"/>.</summary>
internal sealed record TemperatureExcursion(double Peak, double Start, double End);

/// <summary>The mixing-chamber temperature as a function of emulated time: set point, drift, excursions.</summary>
internal sealed class MixingChamber
{
    private const int Components = 4;

    private readonly TemperatureDrift _drift;
    private readonly double[] _phases = new double[Components];
    private readonly List<TemperatureExcursion> _excursions = [];

    public MixingChamber(double setPoint, TemperatureDrift drift, long seed)
    {
        SetPoint = setPoint;
        _drift = drift;
        var rng = DeterministicRandom.ForStream(seed, "mixing_chamber/drift", 0);
        for (int k = 0; k < Components; k++)
        {
            _phases[k] = 2 * Math.PI * rng.NextDouble();
        }
    }

    /// <summary>Kelvin: the temperature with no drift and no excursion.</summary>
    public double SetPoint { get; }

    public void Add(TemperatureExcursion excursion) => _excursions.Add(excursion);

    /// <summary>Kelvin at <paramref name="time"/> seconds of emulated time.</summary>
    public double TemperatureAt(double time)
    {
        double t = SetPoint;
        if (_drift.Amplitude > 0)
        {
            // Four unit sinusoids have rms sqrt(2); the drift amplitude is the rms of the sum.
            double sum = 0;
            for (int k = 0; k < Components; k++)
            {
                sum += Math.Sin(2 * Math.PI * time * (k + 1) / _drift.Period + _phases[k]);
            }

            t += _drift.Amplitude * sum / Math.Sqrt(2);
        }

        foreach (var e in _excursions)
        {
            if (time >= e.Start && time < e.End)
            {
                t = Math.Max(t, e.Peak);
            }
        }

        return t;
    }
}
