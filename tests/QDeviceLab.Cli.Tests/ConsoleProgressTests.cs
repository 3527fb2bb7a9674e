using QDeviceLab.Cli.Commands;
using QDeviceLab.Conformance;
using QDeviceLab.Core;

namespace QDeviceLab.Cli.Tests;

public sealed class ConsoleProgressTests
{
    private static MetricResult Metric(string symbol, double value, double u, string unit, Limit limit) => new()
    {
        Metric = symbol,
        Value = value,
        StandardUncertainty = u,
        IntervalLow = value - 1.96 * u,
        IntervalHigh = value + 1.96 * u,
        Unit = unit,
        Limit = limit,
        ClauseId = "C-1",
        Verdict = Verdict.Pass,
    };

    [Fact]
    public void Times_are_shown_in_microseconds_to_two_significant_digits_of_uncertainty() =>
        Assert.Equal("T1 = 48.6 ± 1.2 µs (95 % CI 46.2 to 50.9) vs C-1 >= 20 µs: PASS",
            ConsoleProgress.Describe(Metric("T1", 48.55e-6, 1.21e-6, "s", new Limit(20e-6, null))));

    [Fact]
    public void Small_dimensionless_errors_keep_their_significant_digits() =>
        Assert.Equal("EPC = 0.00135 ± 0.00017 (95 % CI 0.00102 to 0.00168) vs C-1 <= 0.005: PASS",
            ConsoleProgress.Describe(Metric("EPC", 1.35e-3, 0.17e-3, "1", new Limit(null, 5e-3))));

    [Theory]
    [InlineData(1.21, 1)]
    [InlineData(0.0015, 4)]
    [InlineData(12.0, 0)]
    [InlineData(0.0, 4)]
    [InlineData(double.NaN, 4)]
    public void Decimals_follow_the_uncertainty(double uncertainty, int decimals) =>
        Assert.Equal(decimals, ConsoleProgress.Decimals(uncertainty));
}
