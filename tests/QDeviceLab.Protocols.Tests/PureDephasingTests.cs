using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Protocols.Coherence;

namespace QDeviceLab.Protocols.Tests;

public sealed class PureDephasingTests
{
    private sealed record Time(string Metric, string Qubit, Measurement Value) : IMeasuredMetric
    {
        public string Method => "given";

        public string? RawDataFile => null;

        public FitResult? Fit => null;

        public FitEvidence? Evidence => null;
    }

    private static Time T(string metric, double value, double u, string qubit = "q0") => new(metric, qubit, new Measurement(value, u, "s"));

    [Fact]
    public void T_phi_follows_from_one_over_t2_minus_one_over_twice_t1_with_first_order_uncertainty()
    {
        var t1 = T("T1", 48e-6, 1.5e-6);
        var t2 = T("T2E", 31e-6, 2e-6);
        var result = PureDephasing.Derive(t1, t2);

        var rate = 1 / 31e-6 - 1 / 96e-6;
        var rateU = Math.Sqrt(Math.Pow(2e-6 / (31e-6 * 31e-6), 2) + Math.Pow(1.5e-6 / (2 * 48e-6 * 48e-6), 2));
        Assert.Equal("T_phi", result.Metric);
        Assert.Equal("q0", result.Qubit);
        Assert.Equal(1 / rate, result.Value.Value, 12);
        Assert.Equal(rateU / (rate * rate), result.Value.StandardUncertainty, 12);
        Assert.Equal("s", result.Value.Unit);
        Assert.Contains("independent", result.Method, StringComparison.Ordinal);
        Assert.Equal([t1, t2], result.Sources);
    }

    [Fact]
    public void T2_at_or_above_twice_t1_is_an_explicit_measurement_error()
    {
        var error = Assert.Throws<MeasurementException>(() => PureDephasing.Derive(T("T1", 40e-6, 1e-6), T("T2E", 81e-6, 5e-6)));
        Assert.Contains("T2 > 2 T1 within error", error.Message, StringComparison.Ordinal);
        Assert.Contains("q0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poorly_known_rate_is_flagged_in_the_method()
    {
        var result = PureDephasing.Derive(T("T1", 40e-6, 4e-6), T("T2E", 75e-6, 8e-6));
        Assert.Contains("understates", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_of_different_qubits_are_not_combined() =>
        Assert.Throws<MeasurementException>(() => PureDephasing.Derive(T("T1", 40e-6, 1e-6), T("T2E", 30e-6, 1e-6, "q1")));

    [Theory]
    [InlineData("T2E", "T2E")]
    [InlineData("T1", "T1")]
    [InlineData("T1", "F_RO")]
    public void Only_t1_with_a_coherence_time_makes_a_t_phi(string first, string second) =>
        Assert.Throws<ArgumentException>(() => PureDephasing.Derive(T(first, 40e-6, 1e-6), T(second, 30e-6, 1e-6)));
}
