using System.Diagnostics;
using System.Globalization;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Reference;

/// <summary>
/// The emulator's share of one-qubit RB, without sockets or harness: per sequence a fresh
/// propagator (the mixing chamber drifts between acquisitions, so the emulator's cache starts
/// cold every time), one exact evolution of the sequence's samples and 1000 readout shots.
/// Sequences are random strings of 40-sample Gaussian pulses from a six-pulse library
/// (x/y, +-pi/2, pi), 1.875 pulses per Clifford, as the RB protocol plays them at 1 GS/s.
/// </summary>
internal static class RbPhysicsBench
{
    public static void Run()
    {
        Run(drifting: true, sequenced: false);
        Run(drifting: false, sequenced: false);
        Run(drifting: true, sequenced: true);
    }

    /// <param name="drifting">A fresh propagator per sequence (the station with drift) or one kept warm (a steady bath).</param>
    /// <param name="sequenced">Played as an AWG sequence of library waveforms (one step per pulse) rather than one flat waveform.</param>
    private static void Run(bool drifting, bool sequenced)
    {
        int[] lengths = [1, 2, 3, 5, 7, 10, 14, 19, 25, 32, 40, 50, 62, 76, 92, 110, 130, 155, 180, 210, 245, 285, 330, 380, 430, 480, 530, 580, 640, 700];
        const int Sequences = 50, Shots = 1000;
        const double Dt = 1e-9, Repetition = 300e-6;
        var q = new TransmonParameters(5.12e9, 150e3, 52e6, T1: 48e-6, T2Star: 31e-6);
        var readout = new ReadoutModel(1e-3, 0.2e-3, -0.6e-3, 1.1e-3, 0.3e-3, 0.03, 0.01);
        var library = PulseLibrary(q.RabiRatePerVolt);
        var rng = new DeterministicRandom(11);
        var iq = new float[2 * Shots];
        long samples = 0;
        TransmonPropagator? kept = null;
        double sink = 0;
        var clock = Stopwatch.StartNew();
        foreach (int m in lengths)
        {
            int pulses = (int)Math.Round(1.875 * (m + 1));
            for (int k = 0; k < Sequences; k++)
            {
                var i = new float[40 * pulses];
                var qq = new float[40 * pulses];
                var steps = new List<DriveSegment>(pulses);
                for (int p = 0; p < pulses; p++)
                {
                    var (pi, pq) = library[(int)(rng.NextDouble() * library.Length)];
                    pi.CopyTo(i, 40 * p);
                    pq.CopyTo(qq, 40 * p);
                    steps.Add(new DriveSegment(new DriveSamples(pi, 0.5, pq, 0.5), 1));
                }

                // A drifting bath: every acquisition sees its own occupation, as in the station.
                double occupation = 1e-9 * (1 + 0.1 * rng.NextDouble());
                var propagator = drifting ? new TransmonPropagator(q, Dt, occupation) : kept ??= new TransmonPropagator(q, Dt, 1e-9);
                double p1 = sequenced
                    ? propagator.Evolve(DensityMatrix.Ground, new DriveProgram(steps)).ExcitedPopulation
                    : propagator.Evolve(DensityMatrix.Ground, new DriveSamples(i, 0.5, qq, 0.5)).ExcitedPopulation;
                readout.Sample(p1, Shots, rng, iq);
                sink += p1 + iq[0];
                samples += i.Length;
            }
        }

        clock.Stop();
        int plays = lengths.Length * Sequences;
        double device = plays * Shots * Repetition;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"emulator physics only, {(drifting ? "drifting bath (cold cache per sequence)" : "steady bath (warm cache)")}{(sequenced ? ", as an AWG sequence" : string.Empty)}: {plays} sequences, {samples:N0} samples, {clock.Elapsed.TotalSeconds:F3} s wall ({clock.Elapsed.TotalMilliseconds / plays:F3} ms per sequence, {clock.Elapsed.TotalSeconds * 1e9 / samples:F1} ns per sample); "
            + $"device time {device:F0} s; speed factor {device / clock.Elapsed.TotalSeconds:F0}x (checksum {sink:G6})"));
    }

    private static (float[] I, float[] Q)[] PulseLibrary(double rabiPerVolt)
    {
        // 40-sample lifted Gaussians at 1 GS/s; amplitude in units of 0.5 V full scale.
        var envelope = Enumerable.Range(0, 40).Select(k =>
        {
            double t = k + 0.5 - 20, sigma = 10;
            return Math.Exp(-t * t / (2 * sigma * sigma)) - Math.Exp(-20.0 * 20 / (2 * sigma * sigma));
        }).ToArray();
        double area = envelope.Sum() * 1e-9;
        var pulses = new List<(float[], float[])>();
        foreach (double turns in new[] { 0.5, 1.0, -0.5 })
        {
            foreach (double phase in new[] { 0.0, Math.PI / 2 })
            {
                double volts = turns / (2 * rabiPerVolt * area);
                pulses.Add((
                    [.. envelope.Select(e => (float)(volts * e * Math.Cos(phase) / 0.5))],
                    [.. envelope.Select(e => (float)(volts * e * Math.Sin(phase) / 0.5))]));
            }
        }

        return [.. pulses];
    }
}
