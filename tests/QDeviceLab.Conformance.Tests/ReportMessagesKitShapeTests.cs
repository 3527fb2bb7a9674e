using System.Text.Json;

namespace QDeviceLab.Conformance.Tests;

/// <summary>
/// Details of messages.ndjson that the Cucumber Compatibility Kit comparison
/// (tests/interop/cucumber-compat.sh) revealed, pinned here so they hold without npm.
/// </summary>
public class ReportMessagesKitShapeTests
{
    private static async Task<List<JsonElement>> Envelopes(string feature, StepRegistry registry)
    {
        var loaded = FeatureLoader.Parse("kit.feature", feature);
        var record = await FeatureRunner.RunAsync(loaded.Scenarios, registry, new RunOptions(), new RunContext());
        record = record with { Features = [new FeatureInfo("kit.feature", loaded.Sha256, feature)] };
        using var stream = new MemoryStream();
        CucumberMessagesWriter.Write(record, stream, registry);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n').Split('\n')
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static string Kind(JsonElement envelope) => envelope.EnumerateObject().Single().Name;

    private static IEnumerable<JsonElement> All(List<JsonElement> envelopes, string kind) =>
        envelopes.Where(e => Kind(e) == kind).Select(e => e.GetProperty(kind));

    [Fact]
    public async Task Every_test_case_is_announced_before_the_first_one_starts()
    {
        var registry = new StepRegistry();
        registry.Define("x", (_, _) => { });

        var kinds = (await Envelopes("Feature: F\n  Scenario: a\n    Given x\n  Scenario: b\n    Given x\n", registry)).Select(Kind).ToList();

        Assert.Equal(2, kinds.Count(k => k == "testCase"));
        Assert.True(kinds.LastIndexOf("testCase") < kinds.IndexOf("testCaseStarted"));
    }

    [Fact]
    public async Task A_string_argument_names_its_type_and_the_text_inside_the_quotes()
    {
        var registry = new StepRegistry();
        registry.Define("an order for {string}", (_, _) => { });

        var envelopes = await Envelopes("Feature: F\n  Scenario: a\n    Given an order for \"eggs\"\n", registry);

        var argument = All(envelopes, "testCase").Single().GetProperty("testSteps")[0]
            .GetProperty("stepMatchArgumentsLists")[0].GetProperty("stepMatchArguments")[0];
        Assert.Equal("string", argument.GetProperty("parameterTypeName").GetString());
        var group = argument.GetProperty("group");
        Assert.Equal(13, group.GetProperty("start").GetInt32());
        Assert.Equal("\"eggs\"", group.GetProperty("value").GetString());
        var inner = group.GetProperty("children")[0];
        Assert.Equal(14, inner.GetProperty("start").GetInt32());
        Assert.Equal("eggs", inner.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_regular_expression_group_that_did_not_take_part_is_an_empty_group()
    {
        var registry = new StepRegistry();
        registry.DefineRegex("^a (.*?)(?: and a (.*?))?$", (_, _) => { });

        var envelopes = await Envelopes("Feature: F\n  Scenario: a\n    Given a cucumber\n", registry);

        Assert.Equal("REGULAR_EXPRESSION", All(envelopes, "stepDefinition").Single().GetProperty("pattern").GetProperty("type").GetString());
        var arguments = All(envelopes, "testCase").Single().GetProperty("testSteps")[0]
            .GetProperty("stepMatchArgumentsLists")[0].GetProperty("stepMatchArguments");
        Assert.Equal(2, arguments.GetArrayLength());
        Assert.Equal("cucumber", arguments[0].GetProperty("group").GetProperty("value").GetString());
        Assert.Empty(arguments[1].GetProperty("group").EnumerateObject());
    }

    [Fact]
    public async Task An_undefined_step_gets_a_suggestion_with_every_snippet_between_its_start_and_finish()
    {
        var registry = new StepRegistry();

        var envelopes = await Envelopes("Feature: F\n  Scenario: a\n    Given a list of 8 things\n", registry);

        var kinds = envelopes.Select(Kind).ToList();
        var at = kinds.IndexOf("suggestion");
        Assert.Equal("testStepStarted", kinds[at - 1]);
        Assert.Equal("testStepFinished", kinds[at + 1]);
        var suggestion = envelopes[at].GetProperty("suggestion");
        Assert.Equal(All(envelopes, "pickle").Single().GetProperty("steps")[0].GetProperty("id").GetString(), suggestion.GetProperty("pickleStepId").GetString());
        var codes = suggestion.GetProperty("snippets").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToList();
        Assert.Equal(2, codes.Count);
        Assert.Contains("\"a list of {int} things\"", codes[0], StringComparison.Ordinal);
        Assert.Contains("\"a list of {float} things\"", codes[1], StringComparison.Ordinal);
        Assert.False(All(envelopes, "testRunFinished").Single().GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Undefined_parameter_types_and_our_own_parameter_types_are_announced()
    {
        var registry = new StepRegistry();
        Assert.Throws<ArgumentException>(() => registry.Define("{airport} is closed", (_, _) => { }));

        var envelopes = await Envelopes("Feature: F\n  Scenario: a\n    Given CDG is closed\n", registry);

        var undefined = All(envelopes, "undefinedParameterType").Single();
        Assert.Equal("airport", undefined.GetProperty("name").GetString());
        Assert.Equal("{airport} is closed", undefined.GetProperty("expression").GetString());
        Assert.Equal(["duration", "temperature"], All(envelopes, "parameterType").Select(p => p.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task A_run_whose_scenarios_only_skipped_themselves_is_a_success()
    {
        var registry = new StepRegistry();
        registry.Define("no flux line", (_, _) => throw new SkippedStepException());

        var envelopes = await Envelopes("Feature: F\n  Scenario: a\n    Given no flux line\n", registry);

        Assert.True(All(envelopes, "testRunFinished").Single().GetProperty("success").GetBoolean());
    }
}
