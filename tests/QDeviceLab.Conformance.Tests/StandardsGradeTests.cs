using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public sealed class StandardsGradeTests
{
    private const string Graded = """
        profile: graded
        version: 1.0.0
        grades: [research, pilot-line]
        default_grade: research
        metrics:
          T1: { unit: s }
        clauses:
          - id: G-1
            metric: T1
            limit: { min: 20.0e-6 }
            grades:
              pilot-line: { min: 50.0e-6, guard_band: 2.0e-6 }
          - id: G-2
            metric: T1
            grades:
              research: { min: 10.0e-6 }
              pilot-line: { min: 30.0e-6 }
        """;

    private const string Ungraded = """
        profile: plain
        version: 1.0.0
        metrics:
          F_RO: { unit: "1" }
        clauses:
          - id: P-1
            metric: F_RO
            limit: { min: 0.9 }
        """;

    private static ProfileSet Profiles() => new([StandardsProfile.Parse("standards/graded.yaml", Graded), StandardsProfile.Parse("standards/plain.yaml", Ungraded)]);

    [Fact]
    public void Clauses_are_judged_at_the_default_grade_unless_another_is_chosen()
    {
        var profiles = Profiles();
        var pilot = profiles.ForGrade("pilot-line");

        Assert.Equal(new Limit(20e-6, null), profiles.Clause("G-1").Limit);
        Assert.Equal("research", profiles.Clause("G-1").Grade);
        Assert.Equal(new Limit(50e-6, null) { GuardBand = 2e-6 }, pilot.Clause("G-1").Limit);
        Assert.Equal(new Limit(30e-6, null), pilot.Clause("G-2").Limit);
        Assert.Equal("pilot-line", pilot.Clause("G-1").Grade);
        Assert.Equal(new Limit(0.9, null), pilot.Clause("P-1").Limit);
        Assert.Null(pilot.Clause("P-1").Grade);
    }

    [Fact]
    public void An_unknown_grade_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Profiles().ForGrade("production"));

        Assert.Contains("unknown grade 'production'; known grades: research, pilot-line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_grade_is_recorded_with_the_metric()
    {
        var clause = Profiles().ForGrade("pilot-line").Clause("G-1");

        var result = MetricResult.Evaluate(clause, new Measurement(60e-6, 1e-6, "s"), "q0");

        Assert.Equal("pilot-line", result.Grade);
        Assert.Equal(2e-6, result.Limit!.GuardBand);
        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Theory]
    [InlineData(53.5e-6, Verdict.Pass)]
    [InlineData(52.5e-6, Verdict.Inconclusive)]
    [InlineData(50.5e-6, Verdict.Inconclusive)]
    [InlineData(45e-6, Verdict.Fail)]
    public void An_interval_within_the_guard_band_of_the_limit_is_inconclusive(double value, Verdict expected)
    {
        // u = 0.5 us: the 95 % interval is value +- 0.98 us; the limit is 50 us with a 2 us guard band.
        var clause = Profiles().ForGrade("pilot-line").Clause("G-1");

        var judged = ClauseEvaluator.Evaluate(clause, new Measurement(value, 0.5e-6, "s"));

        Assert.Equal(expected, judged.Verdict);
    }

    [Theory]
    [InlineData("default_grade: research", "default_grade: production", 4, "default_grade: expected one of the declared grades (research, pilot-line)")]
    [InlineData("pilot-line: { min: 50.0e-6, guard_band: 2.0e-6 }", "pilot-lane: { min: 50.0e-6 }", 12, "clause G-1 grades: expected one of the profile's grades")]
    [InlineData("guard_band: 2.0e-6", "guard_band: -1", 12, "guard_band: expected a guard band of zero or more")]
    [InlineData("      research: { min: 10.0e-6 }\n", "", 16, "clause G-2 grades: no limit for grade research")]
    public void Malformed_grades_name_file_line_and_field(string original, string replacement, int line, string problem)
    {
        var yaml = Graded.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Graded, yaml);

        var error = Assert.Throws<UserInputException>(() => StandardsProfile.Parse("standards/graded.yaml", yaml));

        Assert.Equal("standards/graded.yaml", error.Origin);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_profiles_declare_research_and_pilot_line_grades()
    {
        var profiles = ProfileSet.LoadDirectory(Path.Combine(ReportSamples.RepositoryRoot, "standards"));

        Assert.Equal(["research", "pilot-line"], profiles.KnownGrades);
        Assert.All(profiles.ForGrade("pilot-line").Clauses.Values, c => Assert.Equal("pilot-line", c.Grade));
    }
}
