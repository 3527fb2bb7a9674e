using QDeviceLab.Core;
using QDeviceLab.Protocols;

namespace QDeviceLab.Conformance.Tests;

public sealed class StandardsMethodRequirementTests
{
    private const string Profile = """
        profile: p
        version: 1.0.0
        metrics:
          T1: { unit: s }
          F_RO: { unit: "1" }
        clauses:
          - id: C-1
            metric: T1
            limit: { min: 20.0e-6 }
            requires: { shots: ">= 200", delays: ">= 20", delay_span_over_value: ">= 3" }
          - id: C-2
            metric: F_RO
            limit: { min: 0.9 }
        """;

    private static Clause T1Clause() => StandardsProfile.Parse("standards/p.yaml", Profile).Clause("C-1");

    private static Dictionary<string, double> Facts(double shots, double delays, double delayMax) => new()
    {
        [MethodFact.Shots] = shots,
        [MethodFact.Delays] = delays,
        [MethodFact.DelayMin] = 0,
        [MethodFact.DelayMax] = delayMax,
    };

    private static MetricResult Judge(Clause clause, Measurement value, IReadOnlyDictionary<string, double> facts) =>
        MethodAssessment.Apply(MetricResult.Evaluate(clause, value, "q0"), clause, MethodAssessment.WithDerived(facts, value));

    [Fact]
    public void Requirements_are_read_with_their_comparison_and_bound()
    {
        var requirements = T1Clause().Requirements;

        Assert.Equal(["shots >= 200", "delays >= 20", "delay_span_over_value >= 3"], requirements.Select(r => r.ToString()));
        Assert.Empty(StandardsProfile.Parse("standards/p.yaml", Profile).Clause("C-2").Requirements);
    }

    [Fact]
    public void A_method_that_meets_every_requirement_keeps_the_verdict_of_the_number()
    {
        var result = Judge(T1Clause(), new Measurement(48e-6, 1e-6, "s"), Facts(400, 31, 240e-6));

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.True(result.MethodConformance!.Conforming);
        Assert.Equal("CONFORMING", result.MethodConformance.Status);
        Assert.Equal(240e-6 / 48e-6, result.MethodFacts[MethodAssessment.DelaySpanOverValue], 12);
    }

    [Fact]
    public void Too_few_shots_make_a_passing_number_inconclusive_with_the_reason()
    {
        var result = Judge(T1Clause(), new Measurement(48e-6, 1e-6, "s"), Facts(100, 31, 240e-6));

        Assert.Equal(Verdict.Inconclusive, result.Verdict);
        Assert.Equal("NONCONFORMING", result.MethodConformance!.Status);
        Assert.Equal("requires shots >= 200, the method used shots = 100", Assert.Single(result.MethodConformance.Reasons));
        Assert.StartsWith("NONCONFORMING METHOD (requires shots >= 200", result.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Delays_that_stop_short_of_three_times_the_measured_time_are_nonconforming()
    {
        var result = Judge(T1Clause(), new Measurement(100e-6, 2e-6, "s"), Facts(400, 31, 240e-6));

        Assert.False(result.MethodConformance!.Conforming);
        Assert.Contains("delay_span_over_value = 2.4", Assert.Single(result.MethodConformance.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_number_from_a_nonconforming_method_stays_a_failure()
    {
        var result = Judge(T1Clause(), new Measurement(5e-6, 0.1e-6, "s"), Facts(100, 31, 240e-6));

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.False(result.MethodConformance!.Conforming);
    }

    [Fact]
    public void A_fact_the_protocol_does_not_report_is_a_reason_not_a_pass()
    {
        var result = Judge(T1Clause(), new Measurement(48e-6, 1e-6, "s"), MethodFact.None);

        Assert.Equal(Verdict.Inconclusive, result.Verdict);
        Assert.Contains(result.MethodConformance!.Reasons, r => r.Contains("reports no 'shots'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clause_without_requirements_records_the_facts_and_no_conformance()
    {
        var clause = StandardsProfile.Parse("standards/p.yaml", Profile).Clause("C-2");
        var facts = new Dictionary<string, double> { [MethodFact.Shots] = 10 };

        var result = Judge(clause, new Measurement(0.97, 0.001, "1"), facts);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Null(result.MethodConformance);
        Assert.Equal(10, result.MethodFacts[MethodFact.Shots]);
    }

    [Theory]
    [InlineData(">= 3", 3, true)]
    [InlineData("> 3", 3, false)]
    [InlineData("<= 1e-6", 2e-6, false)]
    [InlineData("< 5", 4.5, true)]
    [InlineData("== 2", 2, true)]
    public void Comparisons_read_as_written(string text, double value, bool met)
    {
        Assert.True(MethodRequirement.TryParse("shots", text, out var requirement));
        Assert.Equal(met, requirement!.IsMetBy(value));
    }

    [Theory]
    [InlineData("shots: \">= 200\"", "sweeps: \">= 200\"", "unknown method fact 'sweeps'")]
    [InlineData("shots: \">= 200\"", "shots: \"at least 200\"", "expected a comparison and a number")]
    [InlineData("requires: { shots: \">= 200\"", "requires: [ shots", "expected a mapping of method fact to requirement")]
    public void Malformed_requirements_name_file_line_and_field(string original, string replacement, string problem)
    {
        var yaml = Profile.Replace(original, replacement, StringComparison.Ordinal);
        if (!yaml.Contains(replacement, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the replacement did not apply");
        }

        if (replacement.StartsWith("requires: [", StringComparison.Ordinal))
        {
            yaml = yaml.Replace("\">= 3\" }", "\">= 3\" ]", StringComparison.Ordinal);
        }

        var error = Assert.Throws<UserInputException>(() => StandardsProfile.Parse("standards/p.yaml", yaml));

        Assert.Equal("standards/p.yaml", error.Origin);
        Assert.Equal(10, error.Line);
        Assert.Contains("clause C-1 requires", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
