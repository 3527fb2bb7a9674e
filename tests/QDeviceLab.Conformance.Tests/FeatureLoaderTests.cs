using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class FeatureLoaderTests
{
    private const string Coherence = """"
        @coherence
        Feature: Coherence of each qubit

          Background:
            Given the station is cooled below 20 mK

          @slow
          Scenario Outline: T1 of <qubit>
            When I measure T1 on qubit "<qubit>" with delays up to <span>
            Then T1 meets clause QDL-COH-1

            @daily
            Examples:
              | qubit | span   |
              | q0    | 300 µs |
              | q1    | 400 µs |

          Scenario: Readout table
            Given these settings:
              | name  | value |
              | shots | 1000  |
            And this note:
              """
              hello
              """
        """";

    [Fact]
    public void Outline_expands_over_examples_with_background_prepended_and_tags_inherited()
    {
        var feature = FeatureLoader.Parse("coherence.feature", Coherence);

        Assert.Equal("Coherence of each qubit", feature.Name);
        Assert.Equal(3, feature.Scenarios.Count);
        var first = feature.Scenarios[0];
        Assert.Equal("T1 of q0", first.Name);
        Assert.Equal(["@coherence", "@slow", "@daily"], first.Tags);
        Assert.Equal(15, first.Line);
        Assert.Equal("q0", first.Qubit);
        Assert.Equal("300 µs", first.Parameters["span"]);
        Assert.Equal(
            ["the station is cooled below 20 mK", "I measure T1 on qubit \"q0\" with delays up to 300 µs", "T1 meets clause QDL-COH-1"],
            first.Steps.Select(s => s.Text));
        Assert.Equal("Given ", first.Steps[0].Keyword);
        Assert.Equal(5, first.Steps[0].Line);
        Assert.Equal(9, first.Steps[1].Line);
        Assert.Equal("T1 of q1", feature.Scenarios[1].Name);
        Assert.Equal("q1", feature.Scenarios[1].Qubit);
    }

    [Fact]
    public void Data_tables_and_doc_strings_are_carried_on_the_step()
    {
        var readout = FeatureLoader.Parse("coherence.feature", Coherence).Scenarios[2];

        Assert.Equal(["@coherence"], readout.Tags);
        Assert.Null(readout.Qubit);
        var table = readout.Steps[1].DataTable!;
        Assert.Equal(["shots", "1000"], table[1]);
        Assert.Equal("hello", readout.Steps[2].DocString);
        Assert.Equal("And ", readout.Steps[2].Keyword);
    }

    [Fact]
    public void Qubit_can_come_from_a_tag()
    {
        var feature = FeatureLoader.Parse("x.feature", "Feature: F\n  @qubit:q3\n  Scenario: S\n    Given x\n");

        Assert.Equal("q3", feature.Scenarios[0].Qubit);
    }

    [Fact]
    public void Malformed_feature_names_file_and_line_and_what_was_expected()
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.feature", "Feature: F\n  Scenario: S\n    Given a step\n  this is not gherkin\n");

        var error = Assert.Throws<UserInputException>(() => FeatureLoader.LoadFile(path));

        Assert.Equal(path, error.Origin);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("expected: ", error.Problem);
        Assert.Contains("got 'this is not gherkin'", error.Problem);
        Assert.DoesNotContain("\n", error.Message);
        Assert.StartsWith(path + ":4: expected", error.Message);
    }

    [Fact]
    public void Inconsistent_table_is_reported_at_its_line()
    {
        var error = Assert.Throws<UserInputException>(() =>
            FeatureLoader.Parse("t.feature", "Feature: F\n  Scenario: S\n    Given a\n      | a |\n      | b | c |\n"));

        Assert.Equal(5, error.Line);
        Assert.Contains("inconsistent cell count", error.Problem);
    }

    [Fact]
    public void Folders_are_read_recursively_in_a_stable_order_with_file_hashes()
    {
        using var folder = new TempFolder();
        folder.Write("b/second.feature", "Feature: B\n  Scenario: b\n    Given x\n");
        folder.Write("a.feature", "Feature: A\n  Scenario: a\n    Given x\n");
        folder.Write("b/notes.txt", "not a feature");

        var features = FeatureLoader.Load([folder.Path]);

        Assert.Equal(["A", "B"], features.Select(f => f.Name));
        Assert.Equal(64, features[0].Sha256.Length);
        Assert.Equal(features[0].Sha256, features[0].Scenarios[0].FeatureSha256);
    }

    [Fact]
    public void Missing_path_is_a_user_error()
    {
        var error = Assert.Throws<UserInputException>(() => FeatureLoader.Load(["/no/such/features"]));

        Assert.Equal("/no/such/features", error.Origin);
    }
}
