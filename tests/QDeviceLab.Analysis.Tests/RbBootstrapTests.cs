using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Analysis.Tests;

public sealed class RbBootstrapTests
{
    [Fact]
    public void The_same_data_and_seed_give_the_same_interval()
    {
        var outcomes = RbFitTests.Synthetic(0.995, 21, sequenceSpread: 0.05);
        var first = RbBootstrap.Interval(outcomes, seed: 8);
        var second = RbBootstrap.Interval(outcomes, seed: 8);
        Assert.Equal(first, second);
        Assert.Equal(200, first.Resamples);
        Assert.Equal(8, first.Seed);
    }

    [Fact]
    public void Another_seed_gives_a_slightly_different_interval()
    {
        var outcomes = RbFitTests.Synthetic(0.995, 21, sequenceSpread: 0.05);
        var first = RbBootstrap.Interval(outcomes, seed: 8);
        var other = RbBootstrap.Interval(outcomes, seed: 9);
        Assert.NotEqual(first.Low, other.Low);
        Assert.InRange(other.High - other.Low, 0.7 * (first.High - first.Low), 1.4 * (first.High - first.Low));
    }

    [Fact]
    public void The_interval_brackets_the_fit_and_agrees_with_its_uncertainty()
    {
        var outcomes = RbFitTests.Synthetic(0.995, 22, sequenceSpread: 0.05);
        var fit = RbAnalysis.Fit(outcomes);
        var r = fit.AverageGateInfidelity;
        var interval = RbBootstrap.Interval(outcomes, seed: 3, resamples: 300);
        Assert.Equal(0, interval.Failed);
        Assert.InRange(r.Value, interval.Low, interval.High);
        Assert.InRange(0.0025, interval.Low, interval.High); // the truth, (1 - 0.995)/2
        var fitHalfWidth = 1.96 * r.StandardUncertainty;
        Assert.InRange((interval.High - interval.Low) / 2, 0.5 * fitHalfWidth, 2.0 * fitHalfWidth);
    }

    [Fact]
    public void A_statistic_other_than_the_average_gate_infidelity_can_be_bootstrapped()
    {
        var outcomes = RbFitTests.Synthetic(0.995, 23);
        var r = RbBootstrap.Interval(outcomes, seed: 4);
        var entanglement = RbBootstrap.Interval(outcomes, seed: 4, statistic: f => f.EntanglementInfidelity.Value);
        Assert.Equal(1.5 * r.Low, entanglement.Low, 12);
        Assert.Equal(1.5 * r.High, entanglement.High, 12);
    }

    [Fact]
    public void Percentile_quantiles_interpolate_between_order_statistics()
    {
        double[] sorted = [1, 2, 3, 4, 5];
        Assert.Equal(1, BootstrapInterval.Quantile(sorted, 0));
        Assert.Equal(3, BootstrapInterval.Quantile(sorted, 0.5));
        Assert.Equal(4.5, BootstrapInterval.Quantile(sorted, 0.875));
        Assert.Equal(5, BootstrapInterval.Quantile(sorted, 1));
    }
}
