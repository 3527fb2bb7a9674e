using System.Numerics;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

public sealed class TransmonDynamicsTests
{
    private const double Dt = 1e-9;

    [Fact]
    public void Excited_population_decays_as_exp_minus_t_over_T1()
    {
        var q = new TransmonParameters(5e9, 150e3, 50e6, T1: 40e-6, T2Star: 30e-6);
        var propagator = new TransmonPropagator(q, Dt);
        foreach (long samples in new long[] { 1, 1000, 40_000, 123_457 })
        {
            var rho = propagator.EvolveConstant(DensityMatrix.Excited, 0, 0, samples);
            double expected = Math.Exp(-samples * Dt / q.T1);
            Assert.True(Math.Abs(rho.ExcitedPopulation - expected) < 1e-10 * expected, $"{rho.ExcitedPopulation} vs {expected}");
        }
    }

    [Fact]
    public void Ramsey_coherence_decays_at_one_over_T2_star_and_rotates_at_the_detuning()
    {
        var q = new TransmonParameters(5e9, DetuningHz: 250e3, 50e6, T1: 40e-6, T2Star: 25e-6);
        var propagator = new TransmonPropagator(q, Dt);
        var plus = DensityMatrix.Pure(new Complex(Math.Sqrt(0.5), 0), new Complex(Math.Sqrt(0.5), 0));
        foreach (long samples in new long[] { 500, 3_333, 20_000, 77_777 })
        {
            double t = samples * Dt;
            var rho = propagator.EvolveConstant(plus, 0, 0, samples);
            Assert.Equal(0.5 * Math.Exp(-t / q.T2Star), rho.Rho01.Magnitude, 12);
            // H/h = (detuning/2) sz: rho01 picks up exp(-i 2 pi detuning t).
            var expectedPhase = Complex.Exp(new Complex(0, -2 * Math.PI * q.DetuningHz * t));
            Assert.True(Complex.Abs(rho.Rho01 / rho.Rho01.Magnitude - expectedPhase) < 1e-9);
        }
    }

    [Theory]
    [InlineData(0.25, 0.0)]
    [InlineData(0.0, 0.25)]
    public void A_resonant_square_pi_pulse_without_decay_flips_the_state(double vi, double vq)
    {
        // 50 MHz/V * 0.25 V = 12.5 MHz Rabi: a pi rotation takes 40 ns = 40 samples.
        var q = new TransmonParameters(5e9, 0, 50e6, T1: 1e9, T2Star: 2e9);
        var propagator = new TransmonPropagator(q, Dt);
        var pulse = Enumerable.Repeat(1f, 40).ToArray();
        var drive = new DriveSamples(vi != 0 ? pulse : null, vi, vq != 0 ? pulse : null, vq);
        var rho = propagator.Evolve(DensityMatrix.Ground, drive);
        Assert.Equal(1.0, rho.ExcitedPopulation, 10);
    }

    [Fact]
    public void A_constant_drive_rotates_by_two_pi_times_rabi_rate_times_volts_times_time()
    {
        var q = new TransmonParameters(5e9, 0, 40e6, T1: 1e9, T2Star: 2e9);
        var propagator = new TransmonPropagator(q, Dt);
        double volts = 0.1;
        long samples = 37;
        double angle = 2 * Math.PI * q.RabiRatePerVolt * volts * samples * Dt;
        var rho = propagator.EvolveConstant(DensityMatrix.Ground, volts, 0, samples);
        Assert.Equal(Math.Sin(angle / 2) * Math.Sin(angle / 2), rho.ExcitedPopulation, 10);
        // A rotation about +x takes |0> towards -i|1>: rho01 = i sin(angle)/2.
        Assert.Equal(Math.Sin(angle) / 2, rho.Rho01.Imaginary, 10);
    }

    [Fact]
    public void Evolution_keeps_the_state_a_density_matrix()
    {
        var q = new TransmonParameters(5e9, 1.3e6, 60e6, T1: 2e-6, T2Star: 1.5e-6);
        var propagator = new TransmonPropagator(q, Dt);
        var rng = new DeterministicRandom(7);
        var i = Enumerable.Range(0, 3000).Select(_ => (float)(2 * rng.NextDouble() - 1)).ToArray();
        var qs = Enumerable.Range(0, 2500).Select(_ => (float)(2 * rng.NextDouble() - 1)).ToArray();
        var rho = propagator.Evolve(DensityMatrix.Mixed(0.1), new DriveSamples(i, 0.3, qs, 0.3));
        Assert.Equal(1.0, rho.Trace.Real, 12);
        Assert.Equal(0.0, rho.Trace.Imaginary, 12);
        Assert.True(Complex.Abs(rho.Rho01 - Complex.Conjugate(rho.Rho10)) < 1e-12);
        Assert.True(rho.MinimumEigenvalue() > -1e-12);
    }

    [Fact]
    public void Run_length_compression_matches_sample_by_sample_evolution()
    {
        var q = new TransmonParameters(5e9, 400e3, 50e6, T1: 20e-6, T2Star: 15e-6);
        var compressed = new TransmonPropagator(q, Dt);
        var stepwise = new TransmonPropagator(q, Dt);
        float[] wave = [.. Enumerable.Repeat(0.3f, 25), .. Enumerable.Repeat(0f, 5000), .. Enumerable.Repeat(-0.2f, 17)];
        var start = DensityMatrix.Mixed(0.02);
        var a = compressed.Evolve(start, new DriveSamples(wave, 0.5, null, 0));
        var b = start;
        foreach (float s in wave)
        {
            b = stepwise.EvolveConstant(b, s * 0.5, 0, 1);
        }

        Assert.True(Complex.Abs(a.Rho11 - b.Rho11) < 1e-12);
        Assert.True(Complex.Abs(a.Rho01 - b.Rho01) < 1e-12);
        Assert.Equal(3, compressed.CachedDriveCount);
    }

    [Fact]
    public void Shorter_channel_is_padded_with_zeros()
    {
        var drive = new DriveSamples([1f, 1f, 1f], 0.5, [1f], 0.25);
        Assert.Equal(3, drive.Length);
        Assert.Equal((0.5, 0.25), drive.At(0));
        Assert.Equal((0.5, 0.0), drive.At(2));
    }

    [Fact]
    public void Thermal_population_follows_boltzmann_at_the_mixing_chamber_temperature()
    {
        double x = Math.Exp(-Thermal.Planck * 5e9 / (Thermal.Boltzmann * 0.05));
        Assert.Equal(x / (1 + x), Thermal.ExcitedPopulation(5e9, 0.05), 15);
        Assert.True(Thermal.ExcitedPopulation(5.12e9, 0.012) < 1e-8);
        Assert.Equal(0.0, Thermal.ExcitedPopulation(5e9, 0));
        Assert.Equal(0.5, Thermal.ExcitedPopulation(5e9, 1e9), 6);
    }
}
