using System.Globalization;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Reference;

/// <summary>
/// Cost per played sample of the coupled-pair propagator against the one-qubit one, on the same 200 random
/// 20 ns pulses (4,000 samples at 1 GS/s): warm (the pulse library cached, as when a waveform plays again)
/// and cold (a fresh propagator, one exponential per distinct sample). The pair plays the pulses on both
/// drives at once, so every sample is a distinct five-control value.
/// </summary>
internal static class PairBench
{
    public static void Run()
    {
        var q = new TransmonParameters(5.12e9, 150e3, 50e6, T1: 48e-6, T2Star: 31e-6);
        var pair = new PairParameters(q, q with { DetuningHz = -220e3 }, -60e3, 1e8, -40e6, -25e6);
        var a = ReferenceCases.RandomPulses(new DeterministicRandom(4000), 200, idle: false);
        var b = ReferenceCases.RandomPulses(new DeterministicRandom(4001), 200, idle: false);
        var driveA = new DriveSamples([.. a.I], 1.0, [.. a.Q], 1.0);
        var driveB = new DriveSamples([.. b.I], 1.0, [.. b.Q], 1.0);
        var none = new DriveSamples(null, 0, null, 0);
        int samples = driveA.Length;

        var one = new TransmonPropagator(q, 1e-9);
        one.Evolve(DensityMatrix.Ground, driveA);
        double oneWarm = Timing.Measure(() => one.Evolve(DensityMatrix.Ground, driveA));
        double oneCold = Timing.Measure(() => new TransmonPropagator(q, 1e-9).Evolve(DensityMatrix.Ground, driveA));

        var ground = PairState.Product(DensityMatrix.Ground, DensityMatrix.Ground);
        var two = new PairPropagator(pair, 1e-9);
        two.Evolve(ground.Clone(), driveA, driveB, none);
        double twoWarm = Timing.Measure(() => two.Evolve(ground.Clone(), driveA, driveB, none));
        double twoCold = Timing.Measure(() => new PairPropagator(pair, 1e-9).Evolve(ground.Clone(), driveA, driveB, none));

        // The pulses on A alone, B's line silent: the 8-dimensional sector a lone-qubit experiment on a coupled qubit uses.
        var lone = new PairPropagator(pair, 1e-9);
        lone.Evolve(ground.Clone(), driveA, none, none);
        double loneWarm = Timing.Measure(() => lone.Evolve(ground.Clone(), driveA, none, none));
        double loneCold = Timing.Measure(() => new PairPropagator(pair, 1e-9).Evolve(ground.Clone(), driveA, none, none));

        string Ns(double seconds) => (seconds * 1e9 / samples).ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"{samples} samples of random 20 ns pulses (median of runs):");
        Console.WriteLine($"  one qubit  (4x4 Bloch):           warm {Ns(oneWarm)} ns/sample, cold {Ns(oneCold)} ns/sample");
        Console.WriteLine($"  coupled pair (16x16 Pauli transfer): warm {Ns(twoWarm)} ns/sample, cold {Ns(twoCold)} ns/sample");
        Console.WriteLine($"  pair, one line silent (8-dim sector): warm {Ns(loneWarm)} ns/sample, cold {Ns(loneCold)} ns/sample");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pair / one qubit: warm {twoWarm / oneWarm:F1}x, cold {twoCold / oneCold:F1}x; sector / one qubit: warm {loneWarm / oneWarm:F1}x, cold {loneCold / oneCold:F1}x"));
    }
}
