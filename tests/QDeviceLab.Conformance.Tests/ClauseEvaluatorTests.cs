using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class ClauseEvaluatorTests
{
    private const double K = Measurement.CoverageFactor95;
    private static readonly StandardsProfile Profile = ProfileFixtures.CoherenceProfile();
    private static readonly Clause MinOnly = Profile.Clause("QDL-COH-1");   // T1 >= 20 µs
    private static readonly Clause Band = Profile.Clause("QDL-COH-2");      // 10 µs <= T2* <= 1 ms
    private static readonly Clause MaxOnly99 = Profile.Clause("QDL-COH-3"); // T1 <= 1 ms at 99 %

    private static Verdict Judge(Clause clause, double value, double u, string unit = "s") =>
        ClauseEvaluator.Evaluate(clause, new Measurement(value, u, unit)).Verdict;

    [Fact]
    public void Interval_is_value_plus_minus_1_96_u_at_95_percent()
    {
        var judged = ClauseEvaluator.Evaluate(MinOnly, new Measurement(50e-6, 2e-6, "s"));

        Assert.Equal(50e-6 - 1.959964 * 2e-6, judged.Interval.Low, 12);
        Assert.Equal(50e-6 + 1.959964 * 2e-6, judged.Interval.High, 12);
        Assert.Equal(0.95, judged.Interval.Level);
        Assert.Equal(Verdict.Pass, judged.Verdict);
        Assert.Equal("QDL-COH-1: 95 % interval [4.608E-05, 5.392E-05] s meets the limit >= 2E-05", judged.Reason);
    }

    [Theory]
    [InlineData(50e-6, 2e-6, Verdict.Pass)]          // [46.1, 53.9] µs wholly above 20 µs
    [InlineData(10e-6, 1e-6, Verdict.Fail)]          // [8.0, 12.0] µs wholly below
    [InlineData(21e-6, 1e-6, Verdict.Inconclusive)]  // [19.0, 23.0] µs straddles 20 µs
    [InlineData(19e-6, 1e-6, Verdict.Inconclusive)]  // [17.0, 21.0] µs straddles from below
    [InlineData(20e-6, 0.0, Verdict.Pass)]           // exact value on the bound meets it
    public void Lower_limit(double value, double u, Verdict expected) => Assert.Equal(expected, Judge(MinOnly, value, u));

    [Fact]
    public void Interval_touching_a_lower_bound_from_inside_passes_and_from_outside_is_inconclusive()
    {
        var u = 1e-6;
        Assert.Equal(Verdict.Pass, Judge(MinOnly, 20e-6 + K * u * 1.000001, u));
        Assert.Equal(Verdict.Inconclusive, Judge(MinOnly, 20e-6 - K * u * 0.999999, u));
        Assert.Equal(Verdict.Fail, Judge(MinOnly, 20e-6 - K * u * 1.000001, u));
    }

    [Theory]
    [InlineData(100e-6, 5e-6, Verdict.Pass)]
    [InlineData(5e-6, 1e-6, Verdict.Fail)]           // wholly below the band
    [InlineData(2e-3, 1e-4, Verdict.Fail)]           // wholly above the band
    [InlineData(11e-6, 1e-6, Verdict.Inconclusive)]  // straddles the lower bound
    [InlineData(0.99e-3, 1e-5, Verdict.Inconclusive)]// straddles the upper bound
    [InlineData(500e-6, 1e-3, Verdict.Inconclusive)] // wider than the whole band
    public void Two_sided_limit(double value, double u, Verdict expected) => Assert.Equal(expected, Judge(Band, value, u));

    [Fact]
    public void Upper_limit_uses_the_clause_confidence_level()
    {
        var judged = ClauseEvaluator.Evaluate(MaxOnly99, new Measurement(0.9e-3, 0.04e-3, "s"));

        // 99 %: k = 2.5758; 0.9 + 2.5758 * 0.04 = 1.003 ms > 1 ms, whereas at 95 % it would pass.
        Assert.Equal(0.99, judged.Interval.Level);
        Assert.Equal(0.9e-3 + 2.5758293 * 0.04e-3, judged.Interval.High, 9);
        Assert.Equal(Verdict.Inconclusive, judged.Verdict);
        Assert.Equal(Verdict.Pass, Judge(MaxOnly99, 0.5e-3, 0.04e-3));
        Assert.Equal(Verdict.Fail, Judge(MaxOnly99, 2e-3, 0.04e-3));
    }

    [Theory]
    [InlineData(double.NaN, 1e-6)]
    [InlineData(double.PositiveInfinity, 1e-6)]
    [InlineData(50e-6, double.NaN)]
    [InlineData(50e-6, double.PositiveInfinity)]
    [InlineData(50e-6, -1e-6)]
    public void Numbers_that_cannot_be_trusted_give_error(double value, double u) =>
        Assert.Equal(Verdict.Error, Judge(MinOnly, value, u));

    [Fact]
    public void Measurement_in_another_unit_is_an_error_not_a_comparison()
    {
        var judged = ClauseEvaluator.Evaluate(MinOnly, new Measurement(50, 2, "us"));

        Assert.Equal(Verdict.Error, judged.Verdict);
        Assert.Contains("'us'", judged.Reason);
    }

    [Theory]
    [InlineData(0.6827, 1.0000)]
    [InlineData(0.95, 1.959964)]
    [InlineData(0.99, 2.575829)]
    [InlineData(0.999, 3.290527)]
    public void Coverage_factor_follows_the_normal_distribution(double level, double k) =>
        Assert.Equal(k, ClauseEvaluator.CoverageFactor(level), 3);

    [Fact]
    public void Metric_result_carries_clause_limit_method_and_verdict()
    {
        var result = MetricResult.Evaluate(MinOnly, new Measurement(50e-6, 2e-6, "s"), "q0", "raw/q0-t1.csv", new FitInfo("P1(t) = A exp(-t/T1) + B", 1.02, "converged"));

        Assert.Equal("T1", result.Metric);
        Assert.Equal("q0", result.Qubit);
        Assert.Equal("QDL-COH-1", result.ClauseId);
        Assert.Equal("qdl-coherence@0.1.0", result.Profile);
        Assert.Equal(new Limit(20e-6, null), result.Limit);
        Assert.Equal("inversion recovery", result.Method);
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.True(result.IntervalLow < result.Value && result.Value < result.IntervalHigh);
    }
}
