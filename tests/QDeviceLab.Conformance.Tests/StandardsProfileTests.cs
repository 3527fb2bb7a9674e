using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class StandardsProfileTests
{
    [Fact]
    public void Loads_metrics_and_clauses_with_defaults()
    {
        using var folder = new TempFolder();
        var path = folder.Write("coherence.yaml", ProfileFixtures.Coherence);

        var profile = StandardsProfile.Load(path);

        Assert.Equal("qdl-coherence", profile.Id);
        Assert.Equal("0.1.0", profile.Version);
        Assert.Equal(64, profile.Sha256.Length);
        Assert.Equal("T2*", profile.Metrics["T2*"].Symbol);
        Assert.Equal("inversion recovery", profile.Metrics["T1"].Method);
        var t1 = profile.Clause("QDL-COH-1");
        Assert.Equal(new Limit(20e-6, null), t1.Limit);
        Assert.Equal("s", t1.Unit);
        Assert.Equal(0.95, t1.Confidence);
        Assert.Equal("qdl-coherence@0.1.0", t1.Profile);
        Assert.Equal(11, t1.Line);
        Assert.Equal(0.95, profile.Clause("QDL-COH-2").Confidence);
        Assert.Equal(new Limit(10e-6, 1e-3), profile.Clause("QDL-COH-2").Limit);
        Assert.Equal(new ProfileInfo("qdl-coherence", "0.1.0", path, profile.Sha256), profile.Info);
    }

    [Theory]
    [InlineData("limit: { min: 20.0e-6 }", "limits: { min: 20.0e-6 }", 14, "unknown field 'limits'")]
    [InlineData("limit: { min: 20.0e-6 }", "limit: { min: twenty }", 14, "clause QDL-COH-1 limit.min: expected a finite number in SI units, found 'twenty'")]
    [InlineData("limit: { min: 20.0e-6 }", "limit: { }", 14, "clause QDL-COH-1 limit: expected 'min', 'max' or both")]
    [InlineData("limit: { min: 10.0e-6, max: 1.0e-3 }", "limit: { min: 1.0e-3, max: 1.0e-6 }", 18, "expected min <= max")]
    [InlineData("    metric: T1\n    title", "    metric: T3\n    title", 12, "clause QDL-COH-1 metric: expected one of the metrics defined in 'metrics' (T1, T2*), found 'T3'")]
    [InlineData("confidence: 0.95", "confidence: 95", 15, "clause QDL-COH-1 confidence: expected a confidence level between 0 and 1")]
    [InlineData("version: 0.1.0\n", "", 1, "version: missing")]
    [InlineData("T2*:\n    unit: s\n", "T2*:\n    units: s\n", 7, "metrics.T2*: unknown field 'units'")]
    [InlineData("id: QDL-COH-3", "id: QDL-COH-1", 19, "expected unique clause ids")]
    [InlineData("  - id: QDL-COH-1", "  - id: QDL-COH-1\n   bad: [", 12, "expected valid YAML")]
    public void Errors_name_file_line_and_field(string original, string replacement, int line, string problem)
    {
        Assert.Contains(original, ProfileFixtures.Coherence);
        var yaml = ProfileFixtures.Coherence.Replace(original, replacement, StringComparison.Ordinal);

        var error = Assert.Throws<UserInputException>(() => StandardsProfile.Parse("standards/bad.yaml", yaml));

        Assert.Equal("standards/bad.yaml", error.Origin);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void Directory_loads_every_yaml_file_and_finds_clauses_across_profiles()
    {
        using var folder = new TempFolder();
        folder.Write("b-coherence.yaml", ProfileFixtures.Coherence);
        folder.Write("a-readout.yml", """
            profile: qdl-readout
            version: 0.2.0
            metrics:
              F: { unit: "1", name: assignment fidelity }
            clauses:
              - { id: QDL-RO-1, metric: F, limit: { min: 0.95 } }
            """);
        folder.Write("README.md", "not a profile");

        var set = ProfileSet.LoadDirectory(folder.Path);

        Assert.Equal(["qdl-readout", "qdl-coherence"], set.Profiles.Select(p => p.Id));
        Assert.Equal("qdl-readout@0.2.0", set.Clause("QDL-RO-1").Profile);
        Assert.Equal("T1", set.Clause("QDL-COH-3").Metric.Symbol);
        Assert.Throws<KeyNotFoundException>(() => set.Clause("QDL-XX-9"));
    }

    [Fact]
    public void Directory_refuses_a_clause_id_defined_twice()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", ProfileFixtures.Coherence);
        folder.Write("b.yaml", ProfileFixtures.Coherence.Replace("qdl-coherence", "qdl-other", StringComparison.Ordinal));

        var error = Assert.Throws<UserInputException>(() => ProfileSet.LoadDirectory(folder.Path));

        Assert.EndsWith("b.yaml", error.Origin);
        Assert.Equal(11, error.Line);
        Assert.Contains("QDL-COH-1", error.Problem);
    }
}
