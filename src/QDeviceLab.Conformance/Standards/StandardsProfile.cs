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

    /// <summary>What the method must have done for a measurement to count (<c>requires:</c>); empty when nothing.</summary>
    public IReadOnlyList<MethodRequirement> Requirements { get; init; } = [];

    /// <summary>Limits per grade (<c>grades:</c>), e.g. research and pilot-line; empty when the clause has one limit.</summary>
    public IReadOnlyDictionary<string, Limit> GradeLimits { get; init; } = new Dictionary<string, Limit>();

    /// <summary>The clause's own <c>limit:</c>, which applies to every grade not in <see cref="GradeLimits"/>; null when it has none.</summary>
    public Limit? BaseLimit { get; init; }

    /// <summary>The grade <see cref="Limit"/> was chosen for; null when the profile declares no grades.</summary>
    public string? Grade { get; init; }

    /// <summary>This clause with <see cref="Limit"/> set to the grade's limit, or the clause's own limit when the grade gives none.</summary>
    /// <exception cref="KeyNotFoundException">Neither exists (the profile reader rules this out for declared grades).</exception>
    public Clause ForGrade(string grade) => this with
    {
        Grade = grade,
        Limit = GradeLimits.TryGetValue(grade, out var limit) ? limit
            : BaseLimit ?? throw new KeyNotFoundException($"clause {Id} has no limit for grade '{grade}' and no 'limit' of its own ({File}:{Line})"),
    };
}

/// <summary>
/// A standards profile loaded from YAML: metric definitions and clauses with limits. See
/// <c>standards/*.yaml</c> for the format.
/// </summary>
public sealed class StandardsProfile
{
    internal StandardsProfile(string id, string version, string? title, string file, string sha256,
        IReadOnlyDictionary<string, MetricDefinition> metrics, IReadOnlyList<Clause> clauses,
        IReadOnlyList<string>? grades = null, string? defaultGrade = null)
    {
        Grades = grades ?? [];
        DefaultGrade = defaultGrade;
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

    /// <summary>Grades the profile declares (<c>grades:</c>), in file order; empty when it has one set of limits.</summary>
    public IReadOnlyList<string> Grades { get; }

    /// <summary>The grade judged when the run names none (<c>default_grade:</c>); null when there are no grades.</summary>
    public string? DefaultGrade { get; }

    /// <summary>
    /// The profile with every clause's limit chosen for <paramref name="grade"/>. A profile without
    /// grades is returned as it is: its one set of limits applies at every grade.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The profile declares grades and not this one.</exception>
    public StandardsProfile ForGrade(string grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        if (Grades.Count == 0)
        {
            return this;
        }

        if (!Grades.Contains(grade, StringComparer.Ordinal))
        {
            throw new KeyNotFoundException($"profile {Id} ({File}) has no grade '{grade}'; its grades are {string.Join(", ", Grades)}");
        }

        return new StandardsProfile(Id, Version, Title, File, Sha256, Metrics, Clauses.Select(c => c.ForGrade(grade)).ToList(), Grades, DefaultGrade);
    }

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
