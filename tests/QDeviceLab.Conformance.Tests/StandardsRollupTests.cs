using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public sealed class StandardsRollupTests
{
    private static MetricResult Metric(string qubit, Verdict verdict) =>
        new() { Metric = "T1", Qubit = qubit, Value = 1, Unit = "s", StandardUncertainty = 0.1, Verdict = verdict };

    private static ScenarioResult Scenario(string feature, string? qubit, StepStatus status, params MetricResult[] metrics) =>
        new() { Feature = feature, Name = "s", Qubit = qubit, Status = status, Metrics = metrics };

    private static RunRecord Record(params ScenarioResult[] scenarios) => new()
    {
        RunId = "r",
        StartedUtc = DateTimeOffset.UnixEpoch,
        FinishedUtc = DateTimeOffset.UnixEpoch,
        Station = new StationInfo("fridge-1", null, null, []),
        Scenarios = scenarios,
    };

    [Fact]
    public void Each_qubit_gets_the_worst_verdict_of_its_metrics_and_failed_scenarios()
    {
        var record = Record(
            Scenario("a.feature", "q0", StepStatus.Passed, Metric("q0", Verdict.Pass)),
            Scenario("b.feature", "q0", StepStatus.Passed, Metric("q0", Verdict.Inconclusive)),
            Scenario("a.feature", "q1", StepStatus.Passed, Metric("q1", Verdict.Pass)),
            Scenario("b.feature", "q1", StepStatus.Failed));

        var qubits = VerdictAggregation.ByQubit(record);

        Assert.Equal(
            [new VerdictRollup("q0", Verdict.Inconclusive, 2, 2), new VerdictRollup("q1", Verdict.Error, 2, 1)],
            qubits);
    }

    [Fact]
    public void Each_feature_and_the_device_get_the_worst_verdict_of_their_scenarios()
    {
        var record = Record(
            Scenario("a.feature", "q0", StepStatus.Passed, Metric("q0", Verdict.Pass)),
            Scenario("b.feature", "q0", StepStatus.Passed, Metric("q0", Verdict.Fail), Metric("q0", Verdict.Pass)));

        Assert.Equal(
            [new VerdictRollup("a.feature", Verdict.Pass, 1, 1), new VerdictRollup("b.feature", Verdict.Fail, 1, 2)],
            VerdictAggregation.ByFeature(record));
        Assert.Equal(new VerdictRollup("fridge-1", Verdict.Fail, 2, 3), VerdictAggregation.ByDevice(record));
    }
}
