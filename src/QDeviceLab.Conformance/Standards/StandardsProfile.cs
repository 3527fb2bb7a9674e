namespace QDeviceLab.Conformance;

/// <summary>
/// How a metric is defined and measured, as the profile states it; carried into reports so
/// a result travels with its definition, method and assumptions.
/// </summary>
public sealed record MetricDefinition(
    string Key,
    string Symbol,
    string Unit,
    string? Name,
    string? Definition,
    string? Method,
    string? Model,
    string? Assumptions,
    string? Limitations);

/// <summary>One requirement of a profile: a metric, a limit, and the confidence it is judged at.</summary>
public sealed record Clause(
    string Id,
    string? Title,
    MetricDefinition Metric,
    Limit Limit,
    double Confidence,
    string Profile,
    string File,
    int Line)
{
    /// <summary>SI unit a measurement must be in to be judged against this clause.</summary>
    public string Unit => Metric.Unit;
}

/// <summary>
/// A standards profile loaded from YAML: metric definitions and clauses with limits. See
/// <c>standards/*.yaml</c> for the format.
/// </summary>
public sealed class StandardsProfile
{
    internal StandardsProfile(string id, string version, string? title, string file, string sha256,
        IReadOnlyDictionary<string, MetricDefinition> metrics, IReadOnlyList<Clause> clauses)
    {
        Id = id;
        Version = version;
        Title = title;
        File = file;
        Sha256 = sha256;
        Metrics = metrics;
        Clauses = clauses;
    }

    public string Id { get; }

    public string Version { get; }

    public string? Title { get; }

    public string File { get; }

    /// <summary>SHA-256 of the file bytes, lower-case hex, so a report names the exact profile used.</summary>
    public string Sha256 { get; }

    /// <summary>Metric definitions by their key in the file (<c>T1</c>, <c>T2*</c>).</summary>
    public IReadOnlyDictionary<string, MetricDefinition> Metrics { get; }

    public IReadOnlyList<Clause> Clauses { get; }

    public ProfileInfo Info => new(Id, Version, File, Sha256);

    /// <summary>The clause with this id.</summary>
    /// <exception cref="KeyNotFoundException">No such clause in this profile.</exception>
    public Clause Clause(string id) =>
        Clauses.FirstOrDefault(c => c.Id == id)
        ?? throw new KeyNotFoundException($"profile {Id} {Version} has no clause '{id}' ({File})");

    /// <summary>Loads and validates a profile file.</summary>
    /// <exception cref="Core.UserInputException">Names the file, the line and the field at fault.</exception>
    public static StandardsProfile Load(string path) => ProfileReader.Load(path);

    /// <summary>Parses profile YAML text; <paramref name="path"/> is used in messages.</summary>
    public static StandardsProfile Parse(string path, string yaml) => ProfileReader.Parse(path, yaml, null);

    public override string ToString() => $"{Id} {Version}";
}
