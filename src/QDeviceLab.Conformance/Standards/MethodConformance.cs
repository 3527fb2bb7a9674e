using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Protocols;

namespace QDeviceLab.Conformance;

/// <summary>
/// Whether the method a metric was measured with met its clause's method requirements, which
/// requirements were checked, and why it did not conform. Null on a result whose clause states
/// no requirement.
/// </summary>
/// <param name="Requirements">Each requirement as the profile states it, e.g. <c>shots &gt;= 200</c>.</param>
/// <param name="Reasons">One sentence per requirement not met; empty when conforming.</param>
public sealed record MethodConformance(bool Conforming, IReadOnlyList<string> Requirements, IReadOnlyList<string> Reasons)
{
    /// <summary><c>CONFORMING</c> or <c>NONCONFORMING</c>, as reports write it.</summary>
    public string Status => Conforming ? "CONFORMING" : "NONCONFORMING";
}

/// <summary>
/// Checks a measurement's method facts against its clause's requirements. Facts derived from
/// the measured value are added here, not by protocols, because they need the value:
/// <c>delay_span</c> (longest minus shortest delay) and <c>delay_span_over_value</c> (that span
/// over the measured time, e.g. "delays reach 3 T1").
/// </summary>
public static class MethodAssessment
{
    public const string DelaySpan = "delay_span";
    public const string DelaySpanOverValue = "delay_span_over_value";

    /// <summary>Every name a profile's <c>requires:</c> may use: the protocols' facts and the derived ones.</summary>
    public static IReadOnlyList<string> KnownFacts { get; } = [.. MethodFact.All, DelaySpan, DelaySpanOverValue];

    /// <summary>The protocol's facts plus those derived from them and the measured value.</summary>
    public static IReadOnlyDictionary<string, double> WithDerived(IReadOnlyDictionary<string, double> facts, Measurement value)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var all = new Dictionary<string, double>(facts, StringComparer.Ordinal);
        if (facts.TryGetValue(MethodFact.DelayMax, out var max) && facts.TryGetValue(MethodFact.DelayMin, out var min))
        {
            all[DelaySpan] = max - min;
            if (value.Unit == "s" && value.Value > 0 && double.IsFinite(value.Value))
            {
                all[DelaySpanOverValue] = (max - min) / value.Value;
            }
        }

        return all;
    }

    /// <summary>Null when the clause states no requirement; otherwise which were met and which not.</summary>
    public static MethodConformance? Assess(Clause clause, IReadOnlyDictionary<string, double> facts)
    {
        ArgumentNullException.ThrowIfNull(clause);
        ArgumentNullException.ThrowIfNull(facts);
        if (clause.Requirements.Count == 0)
        {
            return null;
        }

        var reasons = new List<string>();
        foreach (var requirement in clause.Requirements)
        {
            if (!facts.TryGetValue(requirement.Fact, out var actual))
            {
                reasons.Add($"requires {requirement}, but the method reports no '{requirement.Fact}'");
            }
            else if (!requirement.IsMetBy(actual))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"requires {requirement}, the method used {requirement.Fact} = {actual:G4}"));
            }
        }

        return new MethodConformance(reasons.Count == 0, clause.Requirements.Select(r => r.ToString()).ToList(), reasons);
    }

    /// <summary>
    /// Adds the method facts and the conformance to a judged result. A nonconforming method makes
    /// the verdict at least INCONCLUSIVE: a pass cannot stand on a method the clause does not
    /// accept, while a FAIL or ERROR keeps its weight (verdicts only get worse).
    /// </summary>
    public static MetricResult Apply(MetricResult result, Clause clause, IReadOnlyDictionary<string, double> facts)
    {
        ArgumentNullException.ThrowIfNull(result);
        var conformance = Assess(clause, facts);
        result = result with { MethodFacts = facts, MethodConformance = conformance };
        if (conformance is null || conformance.Conforming)
        {
            return result;
        }

        return result with
        {
            Verdict = result.Verdict.Worst(Verdict.Inconclusive),
            VerdictReason = $"NONCONFORMING METHOD ({string.Join("; ", conformance.Reasons)}); measured value: {result.VerdictReason}",
        };
    }
}
