using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class FeatureRunnerTests
{
    private static readonly Clause T1Clause = ProfileFixtures.CoherenceProfile().Clause("QDL-COH-1");

    private static IReadOnlyList<CompiledScenario> Scenarios(string feature) =>
        FeatureLoader.Parse("run.feature", feature).Scenarios;

    private static Task<RunRecord> Run(string feature, StepRegistry registry, RunOptions? options = null, RunContext? run = null) =>
        FeatureRunner.RunAsync(Scenarios(feature), registry, options ?? new RunOptions(), run ?? new RunContext());

    [Fact]
    public async Task Passing_steps_record_metrics_and_the_verdict_follows_them()
    {
        var registry = new StepRegistry();
        var log = new List<string>();
        registry.Define("T1 of qubit {word} is {float} ± {float} µs", (ctx, args) =>
        {
            log.Add((string)args[0]!);
            ctx.Scenario.Record(MetricResult.Evaluate(T1Clause, new Measurement((double)args[1]! * 1e-6, (double)args[2]! * 1e-6, "s"), (string)args[0]!));
            return Task.CompletedTask;
        });

        var record = await Run("Feature: F\n  Scenario: good\n    Then T1 of qubit q0 is 50 ± 2 µs\n  Scenario: bad\n    Then T1 of qubit q1 is 10 ± 1 µs\n", registry);

        Assert.Equal(["q0", "q1"], log);
        Assert.Equal([StepStatus.Passed, StepStatus.Passed], record.Scenarios.Select(s => s.Status));
        Assert.Equal(Verdict.Pass, record.Scenarios[0].Verdict);
        Assert.Equal(Verdict.Fail, record.Scenarios[1].Verdict);
        Assert.Equal(Verdict.Fail, record.Verdict);
        Assert.Equal("QDL-COH-1", record.Scenarios[0].Metrics[0].ClauseId);
        Assert.Equal("run.feature", Assert.Single(record.Features).Path);
    }

    [Fact]
    public async Task First_failing_step_skips_the_rest_and_the_error_keeps_type_and_message()
    {
        var registry = new StepRegistry();
        var ran = new List<string>();
        registry.Define("step {int}", (ctx, args) =>
        {
            ran.Add(ctx.Step.Text);
            return (int)args[0]! == 2 ? throw new InvalidOperationException("digitizer returned 0 records") : Task.CompletedTask;
        });

        var record = await Run("Feature: F\n  Scenario: S\n    Given step 1\n    When step 2\n    Then step 3\n", registry);

        var scenario = record.Scenarios[0];
        Assert.Equal(["step 1", "step 2"], ran);
        Assert.Equal([StepStatus.Passed, StepStatus.Failed, StepStatus.Skipped], scenario.Steps.Select(s => s.Status));
        Assert.Equal("System.InvalidOperationException: digitizer returned 0 records", scenario.Steps[1].Error);
        Assert.Equal(StepStatus.Failed, scenario.Status);
        Assert.Equal(Verdict.Error, scenario.Verdict);
        Assert.Equal(Verdict.Error, record.Verdict);
    }

    [Fact]
    public async Task Our_own_exceptions_are_reported_by_message_alone()
    {
        var registry = new StepRegistry();
        registry.Define("the fit converges", (_, _) => throw new MeasurementException("fit did not converge after 200 iterations"));

        var record = await Run("Feature: F\n  Scenario: S\n    Then the fit converges\n", registry);

        Assert.Equal("fit did not converge after 200 iterations", record.Scenarios[0].Steps[0].Error);
    }

    [Fact]
    public async Task Undefined_and_ambiguous_steps_block_the_scenario_and_give_error_and_later_ones_still_say_what_they_are()
    {
        var registry = new StepRegistry();
        registry.Define("a {int}", (_, _) => Task.CompletedTask);
        registry.Define("a {float}", (_, _) => Task.CompletedTask);

        var record = await Run("Feature: F\n  Scenario: U\n    Given nothing known\n    Then a 1\n  Scenario: A\n    Given a 1\n", registry);

        // "a 1" after the undefined step is not run, but it is still reported as ambiguous, as in Cucumber.
        Assert.Equal([StepStatus.Undefined, StepStatus.Ambiguous], record.Scenarios[0].Steps.Select(s => s.Status));
        Assert.Contains("registry.Define(\"nothing known\"", record.Scenarios[0].Steps[0].Error);
        Assert.Equal(StepStatus.Undefined, record.Scenarios[0].Status);
        Assert.Equal(StepStatus.Ambiguous, record.Scenarios[1].Status);
        Assert.Contains("\"a {int}\" and \"a {float}\"", record.Scenarios[1].Steps[0].Error);
        Assert.All(record.Scenarios, s => Assert.Equal(Verdict.Error, s.Verdict));
    }

    [Fact]
    public async Task Pending_step_is_pending_and_an_error_verdict()
    {
        var registry = new StepRegistry();
        registry.Define("later", (_, _) => throw new PendingStepException("RB is not written yet"));
        registry.Define("after", (_, _) => Task.CompletedTask);

        var record = await Run("Feature: F\n  Scenario: S\n    Given later\n    Then after\n", registry);

        Assert.Equal([StepStatus.Pending, StepStatus.Skipped], record.Scenarios[0].Steps.Select(s => s.Status));
        Assert.Equal("RB is not written yet", record.Scenarios[0].Steps[0].Error);
        Assert.Equal(StepStatus.Pending, record.Scenarios[0].Status);
        Assert.Equal(Verdict.Error, record.Scenarios[0].Verdict);
    }

    [Fact]
    public async Task Argument_that_cannot_be_converted_fails_the_step()
    {
        var registry = new StepRegistry();
        registry.Define("count {int}", (_, _) => Task.CompletedTask);

        var record = await Run("Feature: F\n  Scenario: S\n    Given count 99999999999\n", registry);

        Assert.Equal(StepStatus.Failed, record.Scenarios[0].Status);
        Assert.Contains("cannot convert the arguments of \"count {int}\"", record.Scenarios[0].Steps[0].Error);
    }

    [Fact]
    public async Task Dry_run_matches_every_step_and_executes_none()
    {
        var registry = new StepRegistry();
        var executed = 0;
        registry.Define("known", (_, _) =>
        {
            executed++;
            return Task.CompletedTask;
        });

        var record = await Run("Feature: F\n  Scenario: ok\n    Given known\n  Scenario: missing\n    Given unknown\n", registry, new RunOptions(DryRun: true));

        Assert.Equal(0, executed);
        Assert.True(record.DryRun);
        Assert.Equal(StepStatus.Skipped, record.Scenarios[0].Status);
        Assert.Equal(StepStatus.Undefined, record.Scenarios[1].Status);
        Assert.Equal(Verdict.Error, record.Verdict);
    }

    [Fact]
    public async Task Tag_expression_selects_scenarios()
    {
        var registry = new StepRegistry();
        registry.Define("x", (_, _) => Task.CompletedTask);
        const string feature = "Feature: F\n  @fast\n  Scenario: a\n    Given x\n  @slow\n  Scenario: b\n    Given x\n  Scenario: c\n    Given x\n";

        var record = await Run(feature, registry, new RunOptions(TagExpression.Parse("not @slow")));

        Assert.Equal(["a", "c"], record.Scenarios.Select(s => s.Name));
        Assert.Equal("not (@slow)", record.TagExpression);
    }

    [Fact]
    public async Task Each_scenario_gets_a_fresh_context_and_shares_the_run_context()
    {
        var registry = new StepRegistry();
        var seen = new List<bool>();
        registry.Define("remember", (ctx, _) =>
        {
            seen.Add(ctx.Scenario.Items.ContainsKey("mark"));
            ctx.Scenario.Items["mark"] = true;
            ctx.Run.Items["count"] = ctx.Run.Items.TryGetValue("count", out var c) ? (int)c! + 1 : 1;
        });
        registry.Define("the table has {int} rows", (ctx, args) => Assert.Equal((int)args[0]!, ctx.DataTable!.Count));
        var run = new RunContext { Seed = 42 };

        var record = await Run(
            "Feature: F\n  Scenario: a\n    Given remember\n    And the table has 2 rows\n      | h |\n      | v |\n  Scenario: b\n    Given remember\n",
            registry,
            run: run);

        Assert.Equal([false, false], seen);
        Assert.Equal(2, run.Get<int>("count"));
        Assert.Equal(StepStatus.Passed, record.Scenarios[0].Status);
        Assert.Equal(42, record.Seed);
    }

    [Fact]
    public async Task Observer_hears_every_scenario_and_step()
    {
        var registry = new StepRegistry();
        registry.Define("x", (_, _) => Task.CompletedTask);
        var observer = new RecordingObserver();

        await FeatureRunner.RunAsync(Scenarios("Feature: F\n  Scenario: a\n    Given x\n    Then x\n"), registry, new RunOptions(), new RunContext(), observer);

        Assert.Equal(["start a 0/1", "step x PASSED", "step x PASSED", "end a PASS"], observer.Events);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        var registry = new StepRegistry();
        using var cancel = new CancellationTokenSource();
        registry.Define("cancel", (ctx, _) =>
        {
            cancel.Cancel();
            ctx.CancellationToken.ThrowIfCancellationRequested();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            FeatureRunner.RunAsync(Scenarios("Feature: F\n  Scenario: a\n    Given cancel\n"), registry, new RunOptions(), new RunContext(), null, cancel.Token));
    }

    private sealed class RecordingObserver : IRunObserver
    {
        public List<string> Events { get; } = [];

        public void ScenarioStarted(CompiledScenario scenario, int index, int count) => Events.Add($"start {scenario.Name} {index}/{count}");

        public void StepFinished(CompiledScenario scenario, StepResult step) => Events.Add($"step {step.Text} {step.Status.ToReportWord()}");

        public void ScenarioFinished(ScenarioResult result, int index, int count) => Events.Add($"end {result.Name} {result.Verdict.ToReportWord()}");
    }
}
