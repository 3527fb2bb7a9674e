using QDeviceLab.Protocols.Coherence;

namespace QDeviceLab.Protocols.Tests;

public sealed class EchoFitTests
{
    private static double[] Linear(int n, double last) => Enumerable.Range(0, n).Select(i => last * i / (n - 1)).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Hahn_echo_fit_recovers_t2e_within_three_uncertainties(int seed)
    {
        const double t2 = 31e-6;
        var data = CoherenceFitTests.Synthetic(T2Echo.HahnProtocolName, t => 0.47 * Math.Exp(-t / t2) + 0.5, Linear(41, 150e-6), 1000, seed,
            new Dictionary<string, double> { ["pi_pulses"] = 1 });
        var result = T2Echo.Fit(data);
        Assert.Equal("T2E", result.Metric);
        Assert.Equal("s", result.Value.Unit);
        Assert.True(Math.Abs(result.Value.Value - t2) < 3 * result.Value.StandardUncertainty, $"T2E = {result.Value} vs truth {t2}");
        Assert.InRange(result.Value.StandardUncertainty / t2, 0.01, 0.1);
        Assert.Contains("Hahn echo", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpmg_fit_reports_t2cpmg_and_states_the_number_of_pulses()
    {
        const double t2 = 45e-6;
        var data = CoherenceFitTests.Synthetic(T2Echo.CpmgProtocolName, t => 0.45 * Math.Exp(-t / t2) + 0.51, Linear(41, 150e-6), 1000, 4,
            new Dictionary<string, double> { ["pi_pulses"] = 8 });
        var result = T2Echo.Fit(data);
        Assert.Equal("T2CPMG", result.Metric);
        Assert.True(Math.Abs(result.Value.Value - t2) < 3 * result.Value.StandardUncertainty, $"T2CPMG = {result.Value} vs truth {t2}");
        Assert.Contains("8 pi pulses", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Echo_fit_refuses_data_of_another_protocol()
    {
        var data = CoherenceFitTests.Synthetic(T1InversionRecovery.ProtocolName, t => Math.Exp(-t / 1e-5), Linear(10, 5e-5), 100, 1);
        var error = Assert.Throws<ArgumentException>(() => T2Echo.Fit(data));
        Assert.Contains("not an echo protocol", error.Message, StringComparison.Ordinal);
    }
}
