using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>The worst verdict over one part of a run (a qubit, the device, a feature) and what it covers.</summary>
public sealed record VerdictRollup(string Name, Verdict Verdict, int Scenarios, int Metrics);

/// <summary>
/// Verdicts per qubit, per device (the station) and per feature, so a reviewer can tell "q2 fails
/// the profile" from "the run failed". Each is the worst verdict of what it covers, the same rule
/// as the run's: a scenario that did not pass (an ERROR, or a dry run's INCONCLUSIVE) counts
/// against the qubit it was about even when it recorded no metric.
/// </summary>
public static class VerdictAggregation
{
    /// <summary>One entry per qubit named by a metric or a scenario, in order of first appearance.</summary>
    public static IReadOnlyList<VerdictRollup> ByQubit(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var order = new List<string>();
        var found = new Dictionary<string, (Verdict Verdict, HashSet<int> Scenarios, int Metrics)>(StringComparer.Ordinal);
        void Add(string qubit, Verdict verdict, int scenario, int metrics)
        {
            if (!found.TryGetValue(qubit, out var entry))
            {
                order.Add(qubit);
                entry = (Verdict.Pass, [], 0);
            }

            entry.Scenarios.Add(scenario);
            found[qubit] = (entry.Verdict.Worst(verdict), entry.Scenarios, entry.Metrics + metrics);
        }

        for (var s = 0; s < record.Scenarios.Count; s++)
        {
            var scenario = record.Scenarios[s];
            foreach (var metric in scenario.Metrics)
            {
                if ((metric.Qubit ?? scenario.Qubit) is { } qubit)
                {
                    Add(qubit, metric.Verdict, s, 1);
                }
            }

            if (scenario.Qubit is { } own && (scenario.Status != StepStatus.Passed || scenario.Metrics.Count == 0))
            {
                Add(own, scenario.Verdict, s, 0);
            }
        }

        return order.Select(q => new VerdictRollup(q, found[q].Verdict, found[q].Scenarios.Count, found[q].Metrics)).ToList();
    }

    /// <summary>The device under test is the station the run measured; its verdict is the run's.</summary>
    public static VerdictRollup ByDevice(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new VerdictRollup(record.Station?.Name ?? "unknown", record.Verdict, record.Scenarios.Count, record.AllMetrics.Count());
    }

    /// <summary>One entry per feature file, in run order.</summary>
    public static IReadOnlyList<VerdictRollup> ByFeature(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Scenarios
            .GroupBy(s => s.Feature, StringComparer.Ordinal)
            .Select(g => new VerdictRollup(g.Key, g.Select(s => s.Verdict).Worst(), g.Count(), g.Sum(s => s.Metrics.Count)))
            .ToList();
    }
}
