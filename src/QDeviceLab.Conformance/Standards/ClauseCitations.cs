using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// Features cite the clauses they test with tags, <c>@clause:QDL-COH-1</c>, on the feature or the
/// scenario (a scenario inherits its feature's tags). Two checks follow: before anything runs,
/// every cited clause must exist in the loaded profiles (a typo is an input error naming the file
/// and line); while a scenario runs, every clause it assesses must be one it cites, so a reader of
/// the feature's tags knows every clause the feature can judge. A scenario that cites no clause
/// at all is not held to the second check: ad-hoc features may assess any clause.
/// </summary>
public static class ClauseCitations
{
    public const string TagPrefix = "@clause:";

    /// <summary>Clause ids the scenario cites, in tag order, without repeats.</summary>
    public static IReadOnlyList<string> Cited(CompiledScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Tags
            .Where(t => t.StartsWith(TagPrefix, StringComparison.Ordinal))
            .Select(t => t[TagPrefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Throws for the first cited clause that no loaded profile defines.</summary>
    /// <exception cref="UserInputException">Names the feature file, the line of the tag (else of the scenario) and the known clauses.</exception>
    public static void CheckExist(IEnumerable<CompiledScenario> scenarios, ProfileSet profiles)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(profiles);
        foreach (var scenario in scenarios)
        {
            foreach (var id in Cited(scenario))
            {
                if (!profiles.Clauses.ContainsKey(id))
                {
                    throw new UserInputException(scenario.FeaturePath, TagLine(scenario, TagPrefix + id),
                        $"tag {TagPrefix}{id}: no loaded profile has clause '{id}'; known clauses: {string.Join(", ", profiles.Clauses.Keys.Order(StringComparer.Ordinal))}");
                }
            }
        }
    }

    /// <summary>Null when the scenario may assess the clause; otherwise why not, for the step's error.</summary>
    public static string? Problem(CompiledScenario scenario, string clauseId)
    {
        var cited = Cited(scenario);
        return cited.Count == 0 || cited.Contains(clauseId, StringComparer.Ordinal)
            ? null
            : $"clause {clauseId} is not cited by this scenario (it cites {string.Join(", ", cited)}); add the tag {TagPrefix}{clauseId} to the scenario or its feature";
    }

    /// <summary>
    /// The line of the tag in the feature file; the compiled scenario keeps tag names, not their
    /// places, so the file is searched, falling back to the scenario's line.
    /// </summary>
    private static int TagLine(CompiledScenario scenario, string tag)
    {
        try
        {
            var lines = File.ReadAllLines(scenario.FeaturePath);
            for (var i = 0; i < lines.Length; i++)
            {
                var tokens = lines[i].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length > 0 && tokens[0].StartsWith('@') && tokens.Contains(tag, StringComparer.Ordinal))
                {
                    return i + 1;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The scenario's own line still points the user at the right place.
        }

        return scenario.Line;
    }
}
