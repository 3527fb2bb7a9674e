using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class RunOrderTests
{
    private const string Feature = "Feature: F\n  Scenario: a\n    Given x\n  Scenario: b\n    Given x\n  Scenario: c\n    Given x\n  Scenario: d\n    Given x\n  Scenario: e\n    Given x\n  Scenario: f\n    Given x\n";

    private static async Task<RunRecord> Run(string order)
    {
        var registry = new StepRegistry();
        registry.Define("x", (_, _) => { });
        return await FeatureRunner.RunAsync(FeatureLoader.Parse("order.feature", Feature).Scenarios, registry, new RunOptions(Order: RunOrder.Parse(order)), new RunContext());
    }

    private static string Names(RunRecord record) => string.Concat(record.Scenarios.Select(s => s.Name));

    [Fact]
    public async Task Defined_order_is_the_order_written_and_reverse_is_its_mirror()
    {
        Assert.Equal("abcdef", Names(await Run("defined")));
        Assert.Equal("fedcba", Names(await Run("reverse")));
        Assert.Equal("reverse", (await Run("reverse")).Order);
    }

    [Fact]
    public async Task A_seeded_random_order_is_a_permutation_that_the_recorded_order_repeats()
    {
        var first = await Run("random:42");
        var again = await Run(first.Order);

        Assert.Equal("random:42", first.Order);
        Assert.Equal("abcdef", string.Concat(Names(first).Order()));
        Assert.Equal(Names(first), Names(again));
        Assert.NotEqual(Names(first), Names(await Run("random:43")));
    }

    [Fact]
    public async Task Random_without_a_seed_draws_one_and_records_it()
    {
        var record = await Run("random");

        Assert.StartsWith("random:", record.Order, StringComparison.Ordinal);
        Assert.Equal(Names(record), Names(await Run(record.Order)));
    }

    [Fact]
    public async Task Features_stay_listed_in_defined_order_whatever_the_run_order()
    {
        var record = await Run("reverse");

        Assert.Single(record.Features);
        Assert.Equal("order.feature", record.Features[0].Path);
    }

    [Theory]
    [InlineData("shuffled")]
    [InlineData("random:")]
    [InlineData("random:x")]
    [InlineData("random:99999999999")]
    public void Anything_else_is_refused_naming_the_option(string text)
    {
        var e = Assert.Throws<UserInputException>(() => RunOrder.Parse(text));

        Assert.Equal("--order", e.Origin);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }
}
