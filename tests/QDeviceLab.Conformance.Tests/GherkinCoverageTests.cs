namespace QDeviceLab.Conformance.Tests;

/// <summary>
/// Every Gherkin construct the issue names, through loader and runner: rules with their own
/// backgrounds, outlines with several tagged Examples tables picked by tag expressions, data
/// tables and doc strings (with a media type) handed to step bodies, comments, Japanese keywords.
/// </summary>
public class GherkinCoverageTests
{
    private static Task<RunRecord> Run(LoadedFeature feature, StepRegistry registry, string? tags = null) =>
        FeatureRunner.RunAsync(feature.Scenarios, registry, new RunOptions(tags is null ? null : TagExpression.Parse(tags)), new RunContext());

    private const string Rules = """
        @lab
        Feature: Readout
          Background:
            Given the fridge is cold

          @single-shot
          Rule: Single-shot readout needs an armed digitizer
            Background:
              Given the digitizer is armed
              And the threshold is set

            @fast
            Example: one shot
              When a shot is taken

          Rule: Averaged readout
            Scenario: many shots
              When a shot is taken
        """;

    [Fact]
    public void A_rule_background_follows_the_feature_background_and_only_for_that_rule()
    {
        var feature = FeatureLoader.Parse("rules.feature", Rules);

        Assert.Equal(2, feature.Scenarios.Count);
        var single = feature.Scenarios[0];
        Assert.Equal(["the fridge is cold", "the digitizer is armed", "the threshold is set", "a shot is taken"], single.Steps.Select(s => s.Text));
        Assert.Equal(["@lab", "@single-shot", "@fast"], single.Tags);
        var averaged = feature.Scenarios[1];
        Assert.Equal(["the fridge is cold", "a shot is taken"], averaged.Steps.Select(s => s.Text));
        Assert.Equal(["@lab"], averaged.Tags);
    }

    [Fact]
    public async Task A_rule_tag_selects_the_scenarios_of_that_rule()
    {
        var registry = new StepRegistry();
        registry.Define("the fridge is cold", (_, _) => { });
        registry.Define("the digitizer is armed", (_, _) => { });
        registry.Define("the threshold is set", (_, _) => { });
        registry.Define("a shot is taken", (_, _) => { });

        var record = await Run(FeatureLoader.Parse("rules.feature", Rules), registry, "@single-shot");

        Assert.Equal(["one shot"], record.Scenarios.Select(s => s.Name));
        Assert.Equal(StepStatus.Passed, record.Scenarios[0].Status);
        Assert.Equal(4, record.Scenarios[0].Steps.Count);
    }

    private const string Outline = """
        Feature: T1 by grade
          Scenario Outline: T1 of <qubit> with <shots> shots
            When T1 of qubit <qubit> is measured with <shots> shots

            @research
            Examples: research grade
              | qubit | shots |
              | q0    | 200   |
              | q1    | 200   |

            @pilot-line @slow
            Examples: pilot line
              | qubit | shots |
              | q0    | 2000  |

            @pilot-line
            Examples: pilot line, quick
              | qubit | shots |
              | q2    | 500   |
        """;

    [Theory]
    [InlineData("@research", "q0/200 q1/200")]
    [InlineData("@pilot-line", "q0/2000 q2/500")]
    [InlineData("@pilot-line and not @slow", "q2/500")]
    [InlineData("not @slow", "q0/200 q1/200 q2/500")]
    [InlineData("@research or @slow", "q0/200 q1/200 q0/2000")]
    public async Task Tagged_examples_tables_are_selected_by_tag_expressions(string tags, string expected)
    {
        var registry = new StepRegistry();
        var measured = new List<string>();
        registry.Define("T1 of qubit {word} is measured with {int} shots", (_, a) => measured.Add($"{a[0]}/{a[1]}"));

        var record = await Run(FeatureLoader.Parse("outline.feature", Outline), registry, tags);

        Assert.Equal(expected, string.Join(' ', measured));
        Assert.All(record.Scenarios, s => Assert.Equal($"T1 of {s.Parameters["qubit"]} with {s.Parameters["shots"]} shots", s.Name));
        Assert.All(record.Scenarios, s => Assert.Equal(s.Parameters["qubit"], s.Qubit));
    }

    [Fact]
    public void Each_examples_row_is_its_own_scenario_at_the_row_line()
    {
        var feature = FeatureLoader.Parse("outline.feature", Outline);

        Assert.Equal([8, 9, 14, 19], feature.Scenarios.Select(s => s.Line));
        Assert.Equal(["@pilot-line", "@slow"], feature.Scenarios[2].Tags);
    }

    [Fact]
    public async Task Step_bodies_get_the_data_table_and_the_doc_string_with_its_media_type()
    {
        const string text = """"
            Feature: Arguments
              Scenario: settings
                Given these settings:
                  | name  | value |
                  | shots | 1000  |
                And these JSON settings:
                  """application/json
                  {"shots": 1000}
                  """
                And this note:
                  ```
                  plain text, backtick fence
                  ```
            """";
        var seen = new List<string>();
        var registry = new StepRegistry();
        registry.Define("these settings:", (ctx, _) => seen.Add($"table {ctx.DataTable!.Count}x{ctx.DataTable[0].Count} {ctx.DataTable[1][1]} {ctx.DocString ?? "-"}"));
        registry.Define("these JSON settings:", (ctx, _) => seen.Add($"{ctx.DocStringMediaType} {ctx.DocString} {(ctx.DataTable is null ? "-" : "table")}"));
        registry.Define("this note:", (ctx, _) => seen.Add($"{ctx.DocStringMediaType ?? "none"} {ctx.DocString}"));

        var record = await Run(FeatureLoader.Parse("arguments.feature", text), registry);

        Assert.Equal(StepStatus.Passed, record.Scenarios[0].Status);
        Assert.Equal(["table 2x2 1000 -", "application/json {\"shots\": 1000} -", "none plain text, backtick fence"], seen);
    }

    [Fact]
    public async Task Comments_are_ignored_wherever_a_line_may_stand_but_a_hash_inside_a_step_is_text()
    {
        const string text = """
            # language: en
            # Owner: readout working group
            @readout
            # a comment between tags and the feature
            Feature: Comments
              # before a scenario
              Scenario: with comments
                # before the first step
                Given a table:
                  | shot |
                  # between rows
                  | 1    |
                # between steps
                Then the count is #1
            """;
        var seen = new List<string>();
        var registry = new StepRegistry();
        registry.Define("a table:", (ctx, _) => seen.Add(string.Join(",", ctx.DataTable!.Select(r => r[0]))));
        registry.Define("the count is {}", (_, a) => seen.Add((string)a[0]!));

        var feature = FeatureLoader.Parse("comments.feature", text);
        var record = await Run(feature, registry);

        Assert.Equal(["@readout"], feature.Scenarios.Single().Tags);
        Assert.Equal(2, feature.Scenarios[0].Steps.Count);
        Assert.Equal(StepStatus.Passed, record.Scenarios[0].Status);
        Assert.Equal(["shot,1", "#1"], seen);
    }

    [Fact]
    public void Comments_reach_the_gherkin_document_of_the_messages()
    {
        const string text = "# Owner: readout working group\nFeature: F\n  Scenario: S\n    # why this step\n    Given x\n";
        var record = new RunRecord
        {
            RunId = "r",
            StartedUtc = DateTimeOffset.UnixEpoch,
            FinishedUtc = DateTimeOffset.UnixEpoch,
            Features = [new FeatureInfo("c.feature", "0", text)],
        };

        var document = CucumberMessagesWriter.Envelopes(record).Select(e => e.GherkinDocument).Single(d => d is not null)!;

        Assert.Equal(["# Owner: readout working group", "    # why this step"], document.Comments.Select(c => c.Text));
        Assert.Equal([1L, 4L], document.Comments.Select(c => c.Location.Line));
    }

    private const string Japanese = """"
        # language: ja
        @ja
        機能: 読み出し
          背景:
            前提 the fridge is cold

          @単発
          ルール: 単発読み出し
            背景:
              前提 the digitizer is armed

            シナリオアウトライン: <qubit> の読み出し
              もし a shot of qubit <qubit> is taken
              ならば the table reads:
                | 状態 | 確率 |
                | 0    | 0.98 |
              かつ the note says:
                """
                日本語のメモ
                """

              @朝
              例:
                | qubit |
                | q0    |
              サンプル:
                | qubit |
                | q1    |
        """";

    [Fact]
    public async Task A_japanese_feature_has_rules_backgrounds_outlines_tagged_examples_tables_and_doc_strings()
    {
        var feature = FeatureLoader.Parse("ja.feature", Japanese);
        var seen = new List<string>();
        var registry = new StepRegistry();
        registry.Define("the fridge is cold", (_, _) => { });
        registry.Define("the digitizer is armed", (_, _) => { });
        registry.Define("a shot of qubit {word} is taken", (_, a) => seen.Add((string)a[0]!));
        registry.Define("the table reads:", (ctx, _) => seen.Add(ctx.DataTable![0][0] + "=" + ctx.DataTable[1][1]));
        registry.Define("the note says:", (ctx, _) => seen.Add(ctx.DocString!));

        var record = await Run(feature, registry, "@朝");

        Assert.Equal("読み出し", feature.Name);
        Assert.Equal(["q0 の読み出し", "q1 の読み出し"], feature.Scenarios.Select(s => s.Name));
        // Japanese step keywords are written without a trailing space ("前提<" in the Gherkin dialect).
        Assert.Equal(["前提", "前提", "もし", "ならば", "かつ"], feature.Scenarios[0].Steps.Select(s => s.Keyword));
        Assert.Equal(["@ja", "@単発", "@朝"], feature.Scenarios[0].Tags);
        Assert.Equal(["q0 の読み出し"], record.Scenarios.Select(s => s.Name));
        Assert.Equal(StepStatus.Passed, record.Scenarios[0].Status);
        Assert.Equal(["q0", "状態=0.98", "日本語のメモ"], seen);
    }
}
