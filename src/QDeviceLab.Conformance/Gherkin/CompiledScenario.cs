namespace QDeviceLab.Conformance;

/// <summary>
/// One executable scenario compiled from a feature file (a Cucumber "pickle"): Background steps
/// prepended, an Outline already expanded for one Examples row, tags inherited from the
/// feature, rule and examples.
/// </summary>
public sealed record CompiledScenario(
    string FeaturePath,
    string FeatureName,
    string FeatureSha256,
    string Name,
    int Line,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ScenarioStep> Steps,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>
    /// The qubit this scenario is about: the Examples column <c>qubit</c>, else a tag
    /// <c>@qubit:NAME</c> or <c>@qubit=NAME</c>; null when the scenario names none.
    /// </summary>
    public string? Qubit
    {
        get
        {
            if (Parameters.TryGetValue("qubit", out var fromExamples) && fromExamples.Length > 0)
            {
                return fromExamples;
            }

            foreach (var tag in Tags)
            {
                if (tag.StartsWith("@qubit:", StringComparison.Ordinal) || tag.StartsWith("@qubit=", StringComparison.Ordinal))
                {
                    return tag["@qubit:".Length..];
                }
            }

            return null;
        }
    }

    public override string ToString() => $"{FeaturePath}:{Line}: {Name}";
}

/// <summary>One step of a compiled scenario, with its optional data table or doc string.</summary>
/// <param name="DocStringMediaType">What follows the doc string's opening delimiter (<c>"""application/json</c>), so a step can tell JSON settings from a plain note; null when none was given.</param>
public sealed record ScenarioStep(
    string Keyword,
    string Text,
    int Line,
    IReadOnlyList<IReadOnlyList<string>>? DataTable = null,
    string? DocString = null,
    string? DocStringMediaType = null)
{
    public override string ToString() => Keyword + Text;
}
