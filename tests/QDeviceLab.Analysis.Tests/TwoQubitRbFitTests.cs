using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Analysis.Tests;

/// <summary>The RB fit and bootstrap at d = 4 (two qubits): survival floor 1/4 and both error conventions.</summary>
public sealed class TwoQubitRbFitTests
{
    private const double TrueP = 0.97;

    private static List<RbOutcome> Synthetic(int seed)
    {
        // Survival 0.72 p^m + 1/4, 20 sequences per length with a little sequence-to-sequence spread, 400 shots each.
        var random = new Random(seed);
        var outcomes = new List<RbOutcome>();
        foreach (var m in new[] { 1, 3, 6, 10, 16, 25, 40, 60, 90 })
        {
            for (var k = 0; k < 20; k++)
            {
                var survival = Math.Clamp((0.72 * Math.Pow(TrueP, m)) + 0.25 + (0.005 * ((random.NextDouble() * 2) - 1)), 0, 1);
                var survived = Enumerable.Range(0, 400).Count(_ => random.NextDouble() < survival);
                outcomes.Add(new RbOutcome(m, survived, 400));
            }
        }

        return outcomes;
    }

    [Fact]
    public void The_fit_at_dimension_4_recovers_p_and_gives_EPC_as_three_quarters_of_one_minus_p()
    {
        var fit = RbAnalysis.Fit(Synthetic(1), dimension: 4);
        Assert.Equal(4, fit.Dimension);
        Assert.True(Math.Abs(fit.P.Value - TrueP) < 4 * fit.P.StandardUncertainty, $"p = {fit.P} vs {TrueP}");
        Assert.InRange(fit.B, 0.22, 0.28);
        Assert.Equal(3 * (1 - fit.P.Value) / 4, fit.AverageGateInfidelity.Value, 12);
        Assert.Equal(15 * (1 - fit.P.Value) / 16, fit.EntanglementInfidelity.Value, 12);
        // The two conventions differ by (d+1)/d = 1.25 at d = 4 (1.5 for one qubit).
        Assert.Equal(1.25, fit.EntanglementInfidelity.Value / fit.AverageGateInfidelity.Value, 12);
        Assert.Equal(0.75 * fit.P.StandardUncertainty, fit.AverageGateInfidelity.StandardUncertainty, 15);
    }

    [Fact]
    public void The_bootstrap_at_dimension_4_covers_the_true_error_per_Clifford()
    {
        var interval = RbBootstrap.Interval(Synthetic(2), seed: 9, resamples: 200, dimension: 4);
        var truth = RbConventions.AverageGateInfidelity(TrueP, 4);
        Assert.Equal(0, interval.Failed);
        Assert.InRange(truth, interval.Low, interval.High);
        Assert.True(interval.High - interval.Low < truth, $"interval [{interval.Low:G3}, {interval.High:G3}] is wider than the error itself");
    }
}
