using System.Numerics;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Reference;

/// <summary>One pulse sequence for the comparison: the qubit, the bath, the start state and the volts per sample.</summary>
internal sealed record ReferenceCase(
    string Name,
    TransmonParameters Qubit,
    double ThermalOccupation,
    double SampleInterval,
    DensityMatrix Initial,
    float[] VoltsI,
    float[] VoltsQ)
{
    public DensityMatrix Evolve()
    {
        var propagator = new TransmonPropagator(Qubit, SampleInterval, ThermalOccupation);
        return propagator.Evolve(Initial, new DriveSamples(VoltsI, 1.0, VoltsQ, 1.0));
    }
}

/// <summary>The sequences the QuTiP check runs: free decay, Rabi, Ramsey, echo, random Gaussian-ish pulses, gate errors.</summary>
internal static class ReferenceCases
{
    private const double Dt = 1e-9;

    public static IReadOnlyList<ReferenceCase> All()
    {
        var typical = new TransmonParameters(5.12e9, 150e3, 52e6, T1: 48e-6, T2Star: 31e-6);
        // Strong decoherence and a large detuning so that every term of the Liouvillian shows within a few microseconds.
        var lossy = new TransmonParameters(5.0e9, 2.5e6, 50e6, T1: 1.2e-6, T2Star: 0.9e-6);
        var plusI = DensityMatrix.Pure(new Complex(Math.Sqrt(0.5), 0), new Complex(0, Math.Sqrt(0.5)));
        var rng = new DeterministicRandom(20261128);
        return
        [
            Case("free_decay", lossy, 0.0, DensityMatrix.Excited, Sequence().Idle(3000)),
            Case("free_decay_warm_bath", lossy, 0.2, plusI, Sequence().Idle(3000)),
            Case("rabi", typical, 0.0, DensityMatrix.Ground, Sequence().Square(0.3, 0.0, 400)),
            Case("rabi_lossy_iq", lossy, 0.05, DensityMatrix.Mixed(0.1), Sequence().Square(0.2, -0.15, 600)),
            Case("ramsey", lossy, 0.0, DensityMatrix.Ground, Sequence().Gaussian(0.25, 0).Idle(700).Gaussian(0.25, 0)),
            Case("echo", typical, 0.0, DensityMatrix.Ground,
                Sequence().Gaussian(0.25, 0).Idle(2000).Gaussian(0.5, Math.PI / 2).Idle(2000).Gaussian(0.25, 0)),
            Case("random_pulses", lossy, 0.1, DensityMatrix.Ground, RandomPulses(rng, 20, idle: true)),
            // Gate errors: 4 % over-rotation and depolarizing at 3e5/s while driven (idles stay free of it).
            Case("gate_errors", lossy with { DriveAmplitudeError = 0.04, DepolarizingRate = 3e5 }, 0.05, DensityMatrix.Ground, RandomPulses(rng, 20, idle: true)),
        ];
    }

    /// <summary><paramref name="count"/> 20 ns pulses of random area and phase, optionally with random idles between them.</summary>
    public static SequenceBuilder RandomPulses(DeterministicRandom rng, int count, bool idle)
    {
        var s = Sequence();
        for (int p = 0; p < count; p++)
        {
            s.Gaussian(rng.NextDouble(), 2 * Math.PI * rng.NextDouble());
            if (idle)
            {
                s.Idle((int)(rng.NextDouble() * 200));
            }
        }

        return s;
    }

    public static SequenceBuilder Sequence() => new(Dt);

    private static ReferenceCase Case(string name, TransmonParameters q, double n, DensityMatrix rho, SequenceBuilder s) =>
        new(name, q, n, Dt, rho, [.. s.I], [.. s.Q]);
}

/// <summary>Volts per sample, built from square pulses, idles and 20 ns lifted Gaussians.</summary>
internal sealed class SequenceBuilder(double sampleInterval)
{
    private const int GaussianSamples = 20;

    public List<float> I { get; } = [];

    public List<float> Q { get; } = [];

    public SequenceBuilder Idle(int samples) => Square(0, 0, samples);

    public SequenceBuilder Square(double voltsI, double voltsQ, int samples)
    {
        for (int k = 0; k < samples; k++)
        {
            I.Add((float)voltsI);
            Q.Add((float)voltsQ);
        }

        return this;
    }

    /// <summary>A lifted Gaussian (sigma = T/4, cut at +-2 sigma) of 20 samples whose rotation is <paramref name="turns"/> x pi at 50 MHz/V.</summary>
    public SequenceBuilder Gaussian(double turns, double phase)
    {
        double duration = GaussianSamples * sampleInterval, sigma = duration / 4, centre = duration / 2;
        double floor = Math.Exp(-(centre * centre) / (2 * sigma * sigma));
        var envelope = Enumerable.Range(0, GaussianSamples).Select(k =>
        {
            double t = (k + 0.5) * sampleInterval - centre;
            return (Math.Exp(-(t * t) / (2 * sigma * sigma)) - floor) / (1 - floor);
        }).ToArray();
        double area = envelope.Sum() * sampleInterval;
        double peak = turns / (2 * 50e6 * area);
        foreach (double e in envelope)
        {
            I.Add((float)(peak * e * Math.Cos(phase)));
            Q.Add((float)(peak * e * Math.Sin(phase)));
        }

        return this;
    }
}
