using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

/// <summary>The configurable gate errors against closed forms (decoherence made negligible).</summary>
public sealed class GateErrorTests
{
    private const double Dt = 1e-9;

    // 50 MHz/V x 0.25 V = 12.5 MHz Rabi: a nominal pi rotation is 40 samples.
    private const double PiVolts = 0.25;
    private const int PiSamples = 40;

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.01, 7)]
    [InlineData(0.02, 25)]
    [InlineData(-0.035, 12)]
    public void Repeated_pi_pulses_with_over_rotation_epsilon_give_sin_squared_of_N_pi_one_plus_epsilon_over_two(double epsilon, int pulses)
    {
        var q = Ideal(epsilon, depolarizing: 0);
        var propagator = new TransmonPropagator(q, Dt);
        var rho = DensityMatrix.Ground;
        var pulse = Enumerable.Repeat(1f, PiSamples).ToArray();
        for (int n = 0; n < pulses; n++)
        {
            // Alternate I and Q pulses are not wanted here: all about x so the errors add up.
            rho = propagator.Evolve(rho, new DriveSamples(pulse, PiVolts, null, 0));
        }

        double expected = Math.Pow(Math.Sin(pulses * Math.PI * (1 + epsilon) / 2), 2);
        Assert.Equal(expected, rho.ExcitedPopulation, 9);
    }

    [Theory]
    [InlineData(1e5, 40)]
    [InlineData(2e6, 333)]
    public void Depolarizing_while_driven_shrinks_the_Rabi_oscillation_by_exp_minus_gamma_t(double rate, int samples)
    {
        var q = Ideal(0, rate);
        var rho = new TransmonPropagator(q, Dt).EvolveConstant(DensityMatrix.Ground, PiVolts, 0, samples);
        double t = samples * Dt;
        double z = Math.Exp(-rate * t) * Math.Cos(2 * Math.PI * q.RabiRatePerVolt * PiVolts * t);
        Assert.Equal((1 - z) / 2, rho.ExcitedPopulation, 9);
    }

    [Fact]
    public void Depolarizing_does_not_act_while_the_drive_is_zero()
    {
        var q = Ideal(0.05, depolarizing: 1e7);
        var rho = new TransmonPropagator(q, Dt).EvolveConstant(DensityMatrix.Excited, 0, 0, 1000);
        Assert.Equal(1.0, rho.ExcitedPopulation, 9);
    }

    [Fact]
    public void Default_gate_errors_leave_the_dynamics_of_a_qubit_unchanged()
    {
        var plain = new TransmonParameters(5e9, 150e3, 52e6, T1: 48e-6, T2Star: 31e-6);
        var explicitZero = plain with { DriveAmplitudeError = 0, DepolarizingRate = 0 };
        var pulse = Enumerable.Range(0, 200).Select(k => (float)Math.Sin(k / 17.0)).ToArray();
        var drive = new DriveSamples(pulse, 0.4, pulse, -0.2);
        var a = new TransmonPropagator(plain, Dt).Evolve(DensityMatrix.Ground, drive);
        var b = new TransmonPropagator(explicitZero, Dt).Evolve(DensityMatrix.Ground, drive);
        Assert.Equal(a, b);
        Assert.Equal(plain, explicitZero);
    }

    private static TransmonParameters Ideal(double epsilon, double depolarizing) =>
        new(5e9, 0, 50e6, T1: 1e9, T2Star: 2e9, DriveAmplitudeError: epsilon, DepolarizingRate: depolarizing);
}
