using System.Xml.Linq;

namespace QDeviceLab.Conformance.Tests;

public sealed class AtmlWriterTests
{
    private static readonly XNamespace Tr = "urn:IEEE-1636.1:2009.02:TestResults";
    private static readonly XNamespace C = "urn:IEEE-1671:2009.03:Common";

    private static XDocument Written()
    {
        using var folder = new TempFolder();
        var path = AtmlWriter.WriteToDirectory(ReportSamples.Record(), folder.Path);
        Assert.Equal(Path.Combine(folder.Path, "atml.xml"), path);
        return XDocument.Load(path);
    }

    [Fact]
    public void Results_are_a_result_set_of_feature_groups_of_scenario_tests()
    {
        var root = Written().Root!;

        Assert.Equal(Tr + "TestResults", root.Name);
        var resultSet = Assert.Single(root.Elements(Tr + "ResultSet"));
        Assert.Equal("run-<1>", (string?)resultSet.Attribute("ID"));
        Assert.Equal("2026-03-04T10:00:00.000Z", (string?)resultSet.Attribute("startDateTime"));
        var group = Assert.Single(resultSet.Elements(Tr + "TestGroup"));
        Assert.Equal("features/t1.feature", (string?)group.Attribute("name"));
        Assert.Equal(["T1 of qubit q0", "T1 of qubit q1"], group.Elements(Tr + "Test").Select(t => (string?)t.Attribute("name")));
    }

    [Fact]
    public void Outcomes_map_verdicts_to_passed_failed_and_aborted_keeping_the_verdict_word()
    {
        var document = Written();
        var tests = document.Descendants(Tr + "Test").ToList();

        Assert.Equal(("Passed", "PASS"), Outcome(tests[0]));
        Assert.Equal(("Aborted", "ERROR"), Outcome(tests[1]));
        Assert.Equal(("Aborted", "ERROR"), Outcome(document.Root!.Element(Tr + "ResultSet")!));
        Assert.All(document.Descendants(Tr + "Outcome"), o => Assert.Contains((string?)o.Attribute("value"), new[] { "Passed", "Failed", "Aborted" }));
    }

    [Fact]
    public void Each_metric_is_a_test_result_with_value_unit_and_limit()
    {
        var result = Written().Descendants(Tr + "Test").First().Elements(Tr + "TestResult").First();

        Assert.Equal("T1 of q0 vs QDL-COH-1", (string?)result.Attribute("name"));
        var datum = result.Element(Tr + "TestData")!.Element(C + "Datum")!;
        Assert.Equal(48e-6, double.Parse((string)datum.Attribute("value")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("s", (string?)datum.Attribute("nonStandardUnit"));
        var limit = result.Element(Tr + "TestLimits")!.Element(Tr + "Limits")!.Element(C + "SingleLimit")!;
        Assert.Equal("GE", (string?)limit.Attribute("comparator"));
        Assert.Equal("2E-05", (string?)limit.Element(C + "Datum")!.Attribute("value"));
        Assert.Equal(("Passed", "PASS"), Outcome(result));
    }

    [Fact]
    public void The_run_uuid_is_stable_across_renders()
    {
        // Two separate renders of the same run record: re-rendering must not mint a new identity.
        var firstRender = (string?)Written().Root!.Attribute("uuid");
        var secondRender = (string?)Written().Root!.Attribute("uuid");
        Assert.Equal(firstRender, secondRender);
        Assert.True(Guid.TryParse(firstRender, out _));
    }

    private static (string?, string?) Outcome(XElement element)
    {
        var outcome = element.Element(Tr + "Outcome")!;
        return ((string?)outcome.Attribute("value"), (string?)outcome.Attribute("qualifier"));
    }
}
