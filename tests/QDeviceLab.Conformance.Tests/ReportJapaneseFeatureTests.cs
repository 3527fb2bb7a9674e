using QDeviceLab.Conformance.Steps;

namespace QDeviceLab.Conformance.Tests;

/// <summary>features/ja: Gherkin keywords in Japanese, step texts from the one (English) vocabulary.</summary>
public class ReportJapaneseFeatureTests
{
    private static readonly string Path = System.IO.Path.Combine(ReportSamples.RepositoryRoot, "features", "ja", "t1.feature");

    [Fact]
    public void The_japanese_feature_parses_into_one_t1_scenario_with_its_background()
    {
        var feature = FeatureLoader.LoadFile(Path);

        var scenario = Assert.Single(feature.Scenarios);
        Assert.Equal("量子ビットのエネルギー緩和時間 T1", feature.Name);
        Assert.Equal(["前提", "もし", "ならば"], scenario.Steps.Select(s => s.Keyword.Trim()));
        Assert.Contains("@ja", scenario.Tags);
        Assert.Equal("the mixing chamber is colder than 20 mK", scenario.Steps[0].Text);
    }

    [Fact]
    public void Every_step_of_the_japanese_feature_matches_exactly_one_definition()
    {
        var registry = StepLibrary.Create();

        foreach (var step in FeatureLoader.LoadFile(Path).Scenarios.Single().Steps)
        {
            var match = registry.Match(step.Text);
            Assert.True(match.Kind == StepMatchKind.Matched, $"{step.Keyword}{step.Text}: {match.Problem}");
            StepRegistry.ConvertArguments(match);
        }
    }

    [Fact]
    public void The_japanese_feature_reports_its_language_in_the_messages()
    {
        var feature = FeatureLoader.LoadFile(Path);
        var scenario = feature.Scenarios.Single();
        var record = new RunRecord
        {
            RunId = "ja", StartedUtc = DateTimeOffset.UnixEpoch, FinishedUtc = DateTimeOffset.UnixEpoch,
            Features = [new FeatureInfo(Path, feature.Sha256, File.ReadAllText(Path))],
            Scenarios = [new ScenarioResult { Feature = Path, Name = scenario.Name, Line = scenario.Line, Status = StepStatus.Skipped }],
        };

        var pickle = CucumberMessagesWriter.Envelopes(record).Select(e => e.Pickle).Single(p => p is not null)!;

        Assert.Equal("ja", pickle.Language);
        Assert.Equal(3, pickle.Steps.Count);
    }
}
