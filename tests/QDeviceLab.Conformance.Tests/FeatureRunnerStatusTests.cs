namespace QDeviceLab.Conformance.Tests;

/// <summary>What happens to the steps after the first one that does not pass, as the Cucumber Compatibility Kit pins it down.</summary>
public class FeatureRunnerStatusTests
{
    private static Task<RunRecord> Run(string feature, StepRegistry registry, RunOptions? options = null) =>
        FeatureRunner.RunAsync(FeatureLoader.Parse("status.feature", feature).Scenarios, registry, options ?? new RunOptions(), new RunContext());

    private static StepRegistry Registry(List<string>? ran = null)
    {
        var registry = new StepRegistry();
        registry.Define("a step", (ctx, _) => ran?.Add(ctx.Step.Text));
        registry.Define("a failing step", (_, _) => throw new InvalidOperationException("whoops"));
        registry.Define("a skipping step", (_, _) => throw new SkippedStepException("no flux line on this station"));
        registry.Define("an ambiguous {word}", (_, _) => { });
        registry.Define("an {word} step", (_, _) => { });
        return registry;
    }

    [Fact]
    public async Task After_a_failure_defined_steps_are_skipped_but_undefined_and_ambiguous_ones_say_so()
    {
        var ran = new List<string>();

        var record = await Run("Feature: F\n  Scenario: S\n    Given a failing step\n    And a step\n    And an undefined thing\n    And an ambiguous step\n", Registry(ran));

        Assert.Equal([StepStatus.Failed, StepStatus.Skipped, StepStatus.Undefined, StepStatus.Ambiguous], record.Scenarios[0].Steps.Select(s => s.Status));
        Assert.Empty(ran);
        Assert.Contains("registry.Define(\"an undefined thing\"", record.Scenarios[0].Steps[2].Error);
        Assert.Equal(StepStatus.Failed, record.Scenarios[0].Status);
    }

    [Fact]
    public async Task A_step_that_skips_itself_skips_the_rest_without_judging_it()
    {
        var ran = new List<string>();

        var record = await Run("Feature: F\n  Scenario: S\n    Given a step\n    And a skipping step\n    And an undefined thing\n    And a step\n", Registry(ran));

        Assert.Equal([StepStatus.Passed, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped], record.Scenarios[0].Steps.Select(s => s.Status));
        Assert.Equal("no flux line on this station", record.Scenarios[0].Steps[1].Error);
        Assert.Equal(["a step"], ran);
        Assert.Equal(StepStatus.Skipped, record.Scenarios[0].Status);
    }

    [Fact]
    public async Task A_dry_run_matches_every_step_not_only_the_first()
    {
        var ran = new List<string>();

        var record = await Run("Feature: F\n  Scenario: S\n    Given a step\n    And a step\n    And an undefined thing\n", Registry(ran), new RunOptions(DryRun: true));

        Assert.Equal([StepStatus.Skipped, StepStatus.Skipped, StepStatus.Undefined], record.Scenarios[0].Steps.Select(s => s.Status));
        Assert.Empty(ran);
    }

    [Fact]
    public async Task A_regular_expression_step_gets_its_captures_as_text_and_null_for_groups_that_did_not_take_part()
    {
        var registry = new StepRegistry();
        var seen = new List<object?[]>();
        registry.DefineRegex("^a (.*?)(?: and a (.*?))?$", (_, args) => seen.Add(args));

        var record = await Run("Feature: F\n  Scenario: S\n    Given a cucumber\n    And a cucumber and a gourd\n", registry);

        Assert.Equal(StepStatus.Passed, record.Scenarios[0].Status);
        Assert.Equal(["cucumber", null], seen[0]);
        Assert.Equal(["cucumber", "gourd"], seen[1]);
    }

    [Fact]
    public void A_malformed_regular_expression_is_refused_with_its_text()
    {
        var e = Assert.Throws<ArgumentException>(() => new StepRegistry().DefineRegex("^a (unclosed$", (_, _) => { }));

        Assert.Contains("/^a (unclosed$/", e.Message);
    }

    [Fact]
    public void An_expression_with_an_unknown_parameter_type_is_refused_and_remembered()
    {
        var registry = new StepRegistry();

        var e = Assert.Throws<ArgumentException>(() => registry.Define("{airport} is closed", (_, _) => { }));

        Assert.Contains("{airport}", e.Message);
        Assert.Equal([new UndefinedParameterTypeUse("airport", "{airport} is closed")], registry.UndefinedParameterTypes);
        Assert.Empty(registry.Definitions);
    }

    [Fact]
    public void A_whole_number_is_proposed_both_as_int_and_as_float()
    {
        var snippets = new StepRegistry().Snippets("wait 40 cycles of 3 pulses");

        Assert.Equal(4, snippets.Count);
        Assert.StartsWith("registry.Define(\"wait {int} cycles of {int} pulses\"", snippets[0], StringComparison.Ordinal);
        Assert.StartsWith("registry.Define(\"wait {int} cycles of {float} pulses\"", snippets[1], StringComparison.Ordinal);
        Assert.StartsWith("registry.Define(\"wait {float} cycles of {int} pulses\"", snippets[2], StringComparison.Ordinal);
        Assert.Contains("(double)args[1]!", snippets[1], StringComparison.Ordinal);
    }
}
