using System.Text.Json;
using QDeviceLab.Conformance.Steps;

namespace QDeviceLab.Conformance.Tests;

/// <summary>messages.ndjson against the shape of the published Cucumber Messages schema.</summary>
public class ReportMessagesTests
{
    private static List<JsonElement> Envelopes(RunRecord record)
    {
        using var stream = new MemoryStream();
        CucumberMessagesWriter.Write(record, stream, StepLibrary.Create());
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static string Kind(JsonElement envelope) => envelope.EnumerateObject().Single().Name;

    private static IEnumerable<JsonElement> All(List<JsonElement> envelopes, string kind) =>
        envelopes.Where(e => Kind(e) == kind).Select(e => e.GetProperty(kind));

    [Fact]
    public void Every_line_is_one_envelope_in_cucumber_order()
    {
        var kinds = Envelopes(ReportSamples.Record()).Select(Kind).ToList();

        Assert.Equal("meta", kinds[0]);
        Assert.Equal("testRunFinished", kinds[^1]);
        Assert.True(kinds.IndexOf("source") < kinds.IndexOf("gherkinDocument"));
        Assert.True(kinds.IndexOf("gherkinDocument") < kinds.IndexOf("pickle"));
        Assert.True(kinds.LastIndexOf("pickle") < kinds.IndexOf("testRunStarted"));
        Assert.True(kinds.LastIndexOf("stepDefinition") < kinds.IndexOf("testRunStarted"));
        Assert.Equal(2, kinds.Count(k => k == "testCase"));
        Assert.Equal(6, kinds.Count(k => k == "testStepFinished"));
        Assert.Equal(2, kinds.Count(k => k == "testCaseFinished"));
    }

    [Fact]
    public void Statuses_and_enums_are_spelled_as_the_schema_spells_them()
    {
        var envelopes = Envelopes(ReportSamples.Record());

        var statuses = All(envelopes, "testStepFinished").Select(f => f.GetProperty("testStepResult").GetProperty("status").GetString()).ToList();
        Assert.Equal(["PASSED", "PASSED", "PASSED", "PASSED", "FAILED", "SKIPPED"], statuses);
        Assert.Equal("link dropped <&> \u0001", All(envelopes, "testStepFinished").ElementAt(4).GetProperty("testStepResult").GetProperty("message").GetString());
        Assert.Equal("text/x.cucumber.gherkin+plain", All(envelopes, "source").Single().GetProperty("mediaType").GetString());
        Assert.Equal(["Context", "Action", "Outcome"], All(envelopes, "pickle").First().GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        Assert.Equal("CUCUMBER_EXPRESSION", All(envelopes, "stepDefinition").First().GetProperty("pattern").GetProperty("type").GetString());
        Assert.False(All(envelopes, "testRunFinished").Single().GetProperty("success").GetBoolean());
        Assert.DoesNotContain(envelopes, e => e.ToString().Contains(":null", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_link_test_cases_to_pickles_steps_and_definitions()
    {
        var envelopes = Envelopes(ReportSamples.Record());
        var pickleSteps = All(envelopes, "pickle").SelectMany(p => p.GetProperty("steps").EnumerateArray()).Select(s => s.GetProperty("id").GetString()).ToHashSet();
        var pickles = All(envelopes, "pickle").Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var definitions = All(envelopes, "stepDefinition").Select(d => d.GetProperty("id").GetString()).ToHashSet();
        var astIds = All(envelopes, "gherkinDocument").Single().ToString();

        foreach (var pickle in All(envelopes, "pickle"))
        {
            Assert.All(pickle.GetProperty("astNodeIds").EnumerateArray(), id => Assert.Contains($"\"id\":\"{id.GetString()}\"", astIds, StringComparison.Ordinal));
        }

        foreach (var testCase in All(envelopes, "testCase"))
        {
            Assert.Contains(testCase.GetProperty("pickleId").GetString(), pickles);
            foreach (var step in testCase.GetProperty("testSteps").EnumerateArray())
            {
                Assert.Contains(step.GetProperty("pickleStepId").GetString(), pickleSteps);
                Assert.Single(step.GetProperty("stepDefinitionIds").EnumerateArray(), id => definitions.Contains(id.GetString()));
            }
        }

        var testStepIds = All(envelopes, "testCase").SelectMany(c => c.GetProperty("testSteps").EnumerateArray()).Select(s => s.GetProperty("id").GetString()).ToHashSet();
        Assert.All(All(envelopes, "testStepFinished"), f => Assert.Contains(f.GetProperty("testStepId").GetString(), testStepIds));
    }

    [Fact]
    public void Timestamps_advance_by_the_measured_durations()
    {
        var envelopes = Envelopes(ReportSamples.Record());
        static double Seconds(JsonElement t) => t.GetProperty("seconds").GetInt64() + t.GetProperty("nanos").GetInt64() / 1e9;

        var started = Seconds(All(envelopes, "testRunStarted").Single().GetProperty("timestamp"));
        var steps = All(envelopes, "testStepFinished").Select(f => Seconds(f.GetProperty("timestamp")) - started).ToList();

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), started);
        Assert.Equal(0.25, steps[0], 6);
        Assert.Equal(0.75, steps[2], 6);
        Assert.Equal(0.25, All(envelopes, "testStepFinished").First().GetProperty("testStepResult").GetProperty("duration").GetProperty("nanos").GetInt64() / 1e9, 9);
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void A_feature_text_that_does_not_parse_still_gives_every_scenario()
    {
        var record = ReportSamples.Record();
        record = record with { Features = [record.Features[0] with { Text = "Feature: x\n  Scenario: a\n    Given a\n  Wibble wobble\n" }] };

        var envelopes = Envelopes(record);

        Assert.Empty(All(envelopes, "source"));
        Assert.Equal(2, All(envelopes, "pickle").Count());
        Assert.Equal(6, All(envelopes, "testStepFinished").Count());
    }

    [Fact]
    public void Undefined_and_ambiguous_steps_name_no_or_several_definitions()
    {
        var registry = new StepRegistry();
        registry.Define("a {word}", (_, _) => { });
        registry.Define("a {int}", (_, _) => { });
        var record = new RunRecord
        {
            RunId = "r", StartedUtc = DateTimeOffset.UnixEpoch, FinishedUtc = DateTimeOffset.UnixEpoch,
            Scenarios =
            [
                new ScenarioResult
                {
                    Feature = "x.feature", Name = "s", Line = 2, Status = StepStatus.Undefined,
                    Steps = [new StepResult("Given ", "nothing like it", 3, StepStatus.Undefined, TimeSpan.Zero, "undefined"), new StepResult("When ", "a 1", 4, StepStatus.Ambiguous, TimeSpan.Zero, "ambiguous")],
                },
            ],
        };
        using var stream = new MemoryStream();
        CucumberMessagesWriter.Write(record, stream, registry);
        var envelopes = System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        var steps = All(envelopes, "testCase").Single().GetProperty("testSteps").EnumerateArray().ToList();
        Assert.Empty(steps[0].GetProperty("stepDefinitionIds").EnumerateArray());
        Assert.Equal(2, steps[1].GetProperty("stepDefinitionIds").GetArrayLength());
        Assert.Equal(["UNDEFINED", "AMBIGUOUS"], All(envelopes, "testStepFinished").Select(f => f.GetProperty("testStepResult").GetProperty("status").GetString()));

        // Without the feature text the pickle is rebuilt from the record, still complete.
        var pickle = All(envelopes, "pickle").Single();
        Assert.Equal("x.feature", pickle.GetProperty("uri").GetString());
        Assert.Equal(2, pickle.GetProperty("location").GetProperty("line").GetInt32());
    }
}
