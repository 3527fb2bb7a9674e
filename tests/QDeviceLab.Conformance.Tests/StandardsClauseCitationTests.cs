using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public sealed class StandardsClauseCitationTests
{
    private const string Feature = """
        @coherence @clause:QDL-COH-1
        Feature: T1

          @clause:QDL-COH-2
          Scenario: T1 and T2* of q0
            Given x

          Scenario: T1 of q1
            Given x
        """;

    private static IReadOnlyList<CompiledScenario> Scenarios(string text, string path = "features/t1.feature") =>
        FeatureLoader.Parse(path, text).Scenarios;

    private static ProfileSet Profiles() => new([ProfileFixtures.CoherenceProfile()]);

    [Fact]
    public void A_scenario_cites_its_own_clauses_and_its_features()
    {
        var scenarios = Scenarios(Feature);

        Assert.Equal(["QDL-COH-1", "QDL-COH-2"], ClauseCitations.Cited(scenarios[0]).Order(StringComparer.Ordinal));
        Assert.Equal(["QDL-COH-1"], ClauseCitations.Cited(scenarios[1]));
    }

    [Fact]
    public void Assessing_a_clause_the_scenario_does_not_cite_is_refused_with_the_tag_to_add()
    {
        var scenario = Scenarios(Feature)[1];

        Assert.Null(ClauseCitations.Problem(scenario, "QDL-COH-1"));
        Assert.Equal(
            "clause QDL-COH-2 is not cited by this scenario (it cites QDL-COH-1); add the tag @clause:QDL-COH-2 to the scenario or its feature",
            ClauseCitations.Problem(scenario, "QDL-COH-2"));
    }

    [Fact]
    public void A_scenario_that_cites_no_clause_may_assess_any()
    {
        var scenario = Scenarios("Feature: F\n  Scenario: S\n    Given x\n")[0];

        Assert.Null(ClauseCitations.Problem(scenario, "QDL-COH-3"));
    }

    [Fact]
    public void Cited_clauses_that_exist_pass_the_check()
    {
        ClauseCitations.CheckExist(Scenarios(Feature), Profiles());
    }

    [Fact]
    public void An_unknown_clause_tag_is_an_input_error_naming_the_file_and_the_tag_line()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "t1.feature");
        var text = Feature.Replace("@clause:QDL-COH-2", "@clause:QDL-COH-9", StringComparison.Ordinal);
        File.WriteAllText(path, text);

        var error = Assert.Throws<UserInputException>(() => ClauseCitations.CheckExist(Scenarios(text, path), Profiles()));

        Assert.Equal(path, error.Origin);
        Assert.Equal(4, error.Line);
        Assert.Contains("tag @clause:QDL-COH-9: no loaded profile has clause 'QDL-COH-9'; known clauses: QDL-COH-1, QDL-COH-2, QDL-COH-3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_repository_feature_cites_only_clauses_of_the_repository_profiles()
    {
        var features = FeatureLoader.Load([Path.Combine(ReportSamples.RepositoryRoot, "features")]);
        var scenarios = features.SelectMany(f => f.Scenarios).ToList();

        ClauseCitations.CheckExist(scenarios, ProfileSet.LoadDirectory(Path.Combine(ReportSamples.RepositoryRoot, "standards")));
        Assert.All(scenarios, s => Assert.NotEmpty(ClauseCitations.Cited(s)));
        foreach (var scenario in scenarios)
        {
            foreach (var step in scenario.Steps.Where(s => s.Text.Contains(" is assessed against clause ", StringComparison.Ordinal)))
            {
                Assert.Null(ClauseCitations.Problem(scenario, step.Text.Split(' ')[^1]));
            }
        }
    }
}
