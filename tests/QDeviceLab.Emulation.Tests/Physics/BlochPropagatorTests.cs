using System.Numerics;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

/// <summary>
/// The Bloch-representation integrator against the complex 4x4 Liouvillian exponential it replaced
/// (kept as the reference), sample by sample.
/// </summary>
public sealed class BlochPropagatorTests
{
    private const double Dt = 1e-9;

    public static TheoryData<string> Qubits => ["typical", "lossy_warm", "gate_errors", "slow_samples"];

    [Theory]
    [MemberData(nameof(Qubits))]
    public void Random_drive_agrees_with_the_complex_Liouvillian_exponential_to_1e_12(string name)
    {
        var (q, n, dt) = Qubit(name);
        var rng = new DeterministicRandom(77);
        var (i, qs) = RandomDrive(rng, 3000);
        var start = DensityMatrix.Pure(new Complex(0.6, 0), new Complex(0, 0.8));
        var expected = Reference(q, n, dt, start, i, qs);
        var actual = new TransmonPropagator(q, dt, n).Evolve(start, new DriveSamples(i, 0.5, qs, 0.5));
        AssertClose(expected, actual, 1e-12);
    }

    [Fact]
    public void More_distinct_drive_values_than_the_cache_holds_still_evolve_exactly()
    {
        // 9000 distinct values overflow the 8192-entry cache, which then starts over.
        var (q, n, dt) = Qubit("typical");
        var i = Enumerable.Range(0, 9000).Select(k => (float)(k / 9000.0)).ToArray();
        var qs = new float[i.Length];
        var propagator = new TransmonPropagator(q, dt, n);
        var actual = propagator.Evolve(DensityMatrix.Ground, new DriveSamples(i, 0.5, qs, 0.5));
        Assert.InRange(propagator.CachedDriveCount, 1, 8192);
        AssertClose(Reference(q, n, dt, DensityMatrix.Ground, i, qs), actual, 1e-12);
    }

    [Fact]
    public void Long_constant_runs_through_repeated_squares_agree_with_sample_by_sample_evolution()
    {
        var (q, n, _) = Qubit("gate_errors");
        var propagator = new TransmonPropagator(q, Dt, n);
        var stepwise = new TransmonPropagator(q, Dt, n);
        var rho = DensityMatrix.Excited;
        var expected = rho;
        for (int k = 0; k < 1234; k++)
        {
            expected = stepwise.EvolveConstant(expected, 0.11, -0.07, 1);
        }

        AssertClose(expected, propagator.EvolveConstant(rho, 0.11, -0.07, 1234), 1e-12);
    }

    [Fact]
    public void A_sequence_of_repeated_segments_equals_the_expanded_waveform()
    {
        var (q, n, _) = Qubit("lossy_warm");
        var rng = new DeterministicRandom(5);
        var (ai, aq) = RandomDrive(rng, 60);
        var (bi, bq) = RandomDrive(rng, 25);
        var a = new DriveSamples(ai, 0.5, aq, 0.5);
        var b = new DriveSamples(bi, 0.5, null, 0);
        var program = new DriveProgram([new(a, 3), new(b, 1), new(a, 1), new(b, 7)]);
        var expanded = Expand(program);
        var start = DensityMatrix.Mixed(0.2);
        var expected = new TransmonPropagator(q, Dt, n).Evolve(start, expanded);
        var actual = new TransmonPropagator(q, Dt, n).Evolve(start, program);
        Assert.Equal(expanded.Length, program.Samples);
        AssertClose(expected, actual, 1e-12);
    }

    [Fact]
    public void Computing_a_new_drive_values_channel_allocates_nothing()
    {
        var (q, n, _) = Qubit("gate_errors");
        Span<double> g = stackalloc double[16];
        Span<double> e = stackalloc double[16];
        BlochGenerator.Build(q, 0.3, 0.1, n, Dt, g);
        RealMatrixExponential4.Exp(g, e);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 1; k <= 100; k++)
        {
            BlochGenerator.Build(q, 0.003 * k, -0.001 * k, n, Dt * k, g);
            RealMatrixExponential4.Exp(g, e);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Replaying_a_cached_waveform_allocates_nothing()
    {
        var (q, n, _) = Qubit("typical");
        var (i, qs) = RandomDrive(new DeterministicRandom(9), 500);
        var drive = new DriveSamples(i, 0.5, qs, 0.5);
        var propagator = new TransmonPropagator(q, Dt, n);
        propagator.Evolve(DensityMatrix.Ground, drive);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var rho = propagator.Evolve(DensityMatrix.Ground, drive);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(rho.ExcitedPopulation, 0.0, 1.0);
    }

    [Fact]
    public void Real_exponential_of_a_large_generator_matches_the_complex_one()
    {
        // A norm far above theta_13 exercises scaling and squaring.
        var (q, n, _) = Qubit("lossy_warm");
        Span<double> g = stackalloc double[16];
        Span<double> e = stackalloc double[16];
        BlochGenerator.Build(q, 0.7, 0.2, n, 1e-5, g);
        RealMatrixExponential4.Exp(g, e);
        var complex = MatrixExponential.Exp(new Complex(1e-5, 0) * Liouvillian.Build(q, 0.7, 0.2, n));
        var v = new Complex[4];
        var w = new Complex[4];
        DensityMatrix.Pure(new Complex(Math.Sqrt(0.5), 0), new Complex(Math.Sqrt(0.5), 0)).CopyTo(v);
        complex.Apply(v, w);
        Span<double> r = stackalloc double[4];
        BlochMap.ToBloch(DensityMatrix.Pure(new Complex(Math.Sqrt(0.5), 0), new Complex(Math.Sqrt(0.5), 0)), r);
        Span<double> map = stackalloc double[BlochMap.Length];
        BlochMap.FromAugmented(e, map);
        BlochMap.Apply(map, r);
        AssertClose(DensityMatrix.From(w), BlochMap.ToDensityMatrix(r), 1e-12);
    }

    internal static DensityMatrix Reference(TransmonParameters q, double n, double dt, DensityMatrix start, float[] i, float[] qs)
    {
        var v = new Complex[4];
        var w = new Complex[4];
        start.CopyTo(v);
        var cache = new Dictionary<(double, double), ComplexMatrix>();
        for (int k = 0; k < i.Length; k++)
        {
            var key = (i[k] * 0.5, qs[k] * 0.5);
            if (!cache.TryGetValue(key, out var s))
            {
                s = MatrixExponential.Exp(new Complex(dt, 0) * Liouvillian.Build(q, key.Item1, key.Item2, n));
                cache[key] = s;
            }

            s.Apply(v, w);
            w.CopyTo(v, 0);
        }

        return DensityMatrix.From(v);
    }

    internal static void AssertClose(DensityMatrix expected, DensityMatrix actual, double tolerance)
    {
        var pairs = new[] { (expected.Rho00, actual.Rho00), (expected.Rho01, actual.Rho01), (expected.Rho10, actual.Rho10), (expected.Rho11, actual.Rho11) };
        foreach (var (e, a) in pairs)
        {
            Assert.True(Complex.Abs(e - a) < tolerance, $"expected {expected}, got {actual}: |delta| = {Complex.Abs(e - a):E2}");
        }
    }

    private static (TransmonParameters Qubit, double Occupation, double Dt) Qubit(string name) => name switch
    {
        "typical" => (new TransmonParameters(5.12e9, 150e3, 52e6, T1: 48e-6, T2Star: 31e-6), 0.0, Dt),
        "lossy_warm" => (new TransmonParameters(5.0e9, 2.5e6, 50e6, T1: 1.2e-6, T2Star: 0.9e-6), 0.2, Dt),
        "gate_errors" => (new TransmonParameters(5.0e9, -1.3e6, 45e6, T1: 3e-6, T2Star: 2e-6, DriveAmplitudeError: 0.03, DepolarizingRate: 2e5), 0.05, Dt),
        "slow_samples" => (new TransmonParameters(5.0e9, 0.4e6, 5e6, T1: 20e-6, T2Star: 15e-6, DriveAmplitudeError: -0.02, DepolarizingRate: 1e4), 0.01, 4e-8),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static (float[] I, float[] Q) RandomDrive(DeterministicRandom rng, int samples)
    {
        var i = new float[samples];
        var q = new float[samples];
        for (int k = 0; k < samples; k++)
        {
            // Some idle stretches and repeats so that zero drive and runs are covered too.
            double u = rng.NextDouble();
            if (u < 0.2)
            {
                continue;
            }

            if (u < 0.3 && k > 0)
            {
                (i[k], q[k]) = (i[k - 1], q[k - 1]);
                continue;
            }

            i[k] = (float)(2 * rng.NextDouble() - 1);
            q[k] = (float)(2 * rng.NextDouble() - 1);
        }

        return (i, q);
    }

    private static DriveSamples Expand(DriveProgram program)
    {
        var i = new List<float>();
        var q = new List<float>();
        foreach (var segment in program.Segments)
        {
            for (long r = 0; r < segment.Repeats; r++)
            {
                for (int k = 0; k < segment.Samples.Length; k++)
                {
                    var (vi, vq) = segment.Samples.At(k);
                    i.Add((float)vi);
                    q.Add((float)vq);
                }
            }
        }

        return new DriveSamples([.. i], 1.0, [.. q], 1.0);
    }
}
