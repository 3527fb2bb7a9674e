using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

/// <summary>The qubit's bath at the mixing-chamber temperature: occupation, upward rate, effective T1.</summary>
public sealed class ThermalBathTests
{
    private const double Dt = 1e-9;

    [Fact]
    public void Bose_occupation_is_zero_cold_and_matches_the_boltzmann_population_when_warm()
    {
        Assert.Equal(0.0, Thermal.BoseOccupation(5e9, 0));
        Assert.InRange(Thermal.BoseOccupation(5.12e9, 0.012), 0, 1e-8);
        double n = Thermal.BoseOccupation(5.12e9, 0.150);
        // Detailed balance: the steady excited population n / (2n + 1) is the Boltzmann one.
        Assert.Equal(Thermal.ExcitedPopulation(5.12e9, 0.150), n / (2 * n + 1), 12);
        // Hot (k T >> h f): n = 1/x - 1/2 + x/12 - ... with x = h f / k T.
        double x = 6.62607015e-34 * 5e9 / (1.380649e-23 * 10);
        Assert.Equal(1 / x - 0.5 + x / 12, Thermal.BoseOccupation(5e9, 10), 6);
    }

    [Fact]
    public void A_warm_bath_relaxes_faster_by_two_n_plus_one_towards_the_thermal_population()
    {
        var q = new TransmonParameters(5e9, 0, 50e6, T1: 40e-6, T2Star: 30e-6);
        double n = 0.25;
        var propagator = new TransmonPropagator(q, Dt, n);
        double steady = n / (2 * n + 1);
        double rate = (2 * n + 1) / q.T1;
        foreach (long samples in new long[] { 1, 5_000, 40_000, 400_000 })
        {
            var rho = propagator.EvolveConstant(DensityMatrix.Excited, 0, 0, samples);
            double expected = steady + (1 - steady) * Math.Exp(-rate * samples * Dt);
            Assert.Equal(expected, rho.ExcitedPopulation, 10);
        }
    }

    [Fact]
    public void The_thermal_state_is_stationary_in_a_bath_at_its_own_temperature()
    {
        var q = new TransmonParameters(5.12e9, 150e3, 50e6, T1: 40e-6, T2Star: 30e-6);
        double kelvin = 0.080;
        var propagator = new TransmonPropagator(q, Dt, Thermal.BoseOccupation(q.FrequencyHz, kelvin));
        var thermal = DensityMatrix.Mixed(Thermal.ExcitedPopulation(q.FrequencyHz, kelvin));
        var rho = propagator.EvolveConstant(thermal, 0, 0, 123_456);
        // 17 repeated squarings of the one-sample propagator: round-off stays near 1e-11.
        Assert.Equal(thermal.ExcitedPopulation, rho.ExcitedPopulation, 10);
        Assert.Equal(1.0, rho.Trace.Real, 10);
    }
}
