using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>Step and scenario statuses, the fixed Cucumber set.</summary>
public enum StepStatus
{
    Passed,
    Skipped,
    Pending,
    Undefined,
    Ambiguous,
    Failed,
}

public static class StepStatusExtensions
{
    /// <summary>Upper-case word as in Cucumber Messages (<c>PASSED</c>, <c>UNDEFINED</c>...).</summary>
    public static string ToReportWord(this StepStatus status) => status.ToString().ToUpperInvariant();
}

/// <summary>What happened to one step.</summary>
public sealed record StepResult(string Keyword, string Text, int Line, StepStatus Status, TimeSpan Duration, string? Error);

/// <summary>What happened to one scenario: its steps, the metrics its steps recorded, and the verdict.</summary>
public sealed record ScenarioResult
{
    public required string Feature { get; init; }

    public required string Name { get; init; }

    public int Line { get; init; }

    public string? Qubit { get; init; }

    /// <summary>Examples row values of an expanded Scenario Outline, by column name.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Tags { get; init; } = [];

    public required StepStatus Status { get; init; }

    public IReadOnlyList<StepResult> Steps { get; init; } = [];

    public IReadOnlyList<MetricResult> Metrics { get; init; } = [];

    public TimeSpan Duration { get; init; }

    /// <summary>
    /// Worst verdict of the metrics; ERROR when a step failed, was undefined, ambiguous or
    /// pending (the measurement could not be made); INCONCLUSIVE when the scenario was not
    /// executed (dry run) since nothing was shown either way.
    /// </summary>
    public Verdict Verdict => Status switch
    {
        StepStatus.Passed => Metrics.Select(m => m.Verdict).Worst(),
        StepStatus.Skipped => Verdict.Inconclusive.Worst(Metrics.Select(m => m.Verdict).Worst()),
        _ => Verdict.Error,
    };

    /// <summary>The first problem of the scenario, for one-line summaries.</summary>
    public string? FirstError => Steps.FirstOrDefault(s => s.Error is not null)?.Error;
}

public sealed record InstrumentInfo(string Name, string Model, string Resource, string? Idn, DateOnly? CalibrationDue);

public sealed record StationInfo(string Name, string? File, string? Sha256, IReadOnlyList<InstrumentInfo> Instruments);

public sealed record ProfileInfo(string Id, string Version, string? File, string? Sha256);

/// <summary>A feature file of the run; <paramref name="Text"/> is its exact text when known, so an archived record can be re-rendered (Cucumber Messages need the source) after the file changed.</summary>
public sealed record FeatureInfo(string Path, string Sha256, string? Text = null);

/// <summary>
/// One reading of the station's environment during the run (e.g. the mixing-chamber
/// temperature a Background checked), kept so a reviewer can see the conditions the
/// metrics were measured under, not only that a check passed.
/// </summary>
/// <param name="Quantity">What was read, in the lab's words (<c>mixing chamber temperature</c>).</param>
/// <param name="Value">The reading in SI units (<paramref name="Unit"/>).</param>
/// <param name="Sensor">Instrument and channel it was read from, when known.</param>
/// <param name="Scenario">Name of the scenario whose step took the reading.</param>
public sealed record EnvironmentReading(DateTimeOffset TimeUtc, string Quantity, double Value, string Unit, string? Sensor, string? Scenario);

/// <summary>
/// Everything one run produced; every report is written from this one record. The runner
/// fills scenarios, features and times; the caller adds station, profiles and provenance with
/// a <c>with</c> expression.
/// </summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public required DateTimeOffset FinishedUtc { get; init; }

    public string SoftwareVersion { get; init; } =
        typeof(RunRecord).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public string? CommandLine { get; init; }

    public long? Seed { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Tag expression that selected the scenarios, empty for all.</summary>
    public string TagExpression { get; init; } = "";

    /// <summary>
    /// Order the scenarios ran in (<c>defined</c>, <c>reverse</c>, <c>random:SEED</c>); scenarios
    /// are listed in that order. <c>--order</c> with this text repeats it.
    /// </summary>
    public string Order { get; init; } = "defined";

    public StationInfo? Station { get; init; }

    public IReadOnlyList<ProfileInfo> Profiles { get; init; } = [];

    public IReadOnlyList<FeatureInfo> Features { get; init; } = [];

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];

    /// <summary>Environment readings taken during the run, in time order.</summary>
    public IReadOnlyList<EnvironmentReading> Environment { get; init; } = [];

    /// <summary>Every metric of every scenario, in scenario order.</summary>
    public IEnumerable<(ScenarioResult Scenario, MetricResult Metric)> AllMetrics =>
        Scenarios.SelectMany(s => s.Metrics.Select(m => (s, m)));

    /// <summary>
    /// Worst verdict of all scenarios. A run that selected no scenario is INCONCLUSIVE: it
    /// shows nothing, and must not read as a pass.
    /// </summary>
    public Verdict Verdict => Scenarios.Count == 0 ? Verdict.Inconclusive : Scenarios.Select(s => s.Verdict).Worst();
}
