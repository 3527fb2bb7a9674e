using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// State shared by every scenario of one run, provided by the caller: the station, the
/// output folder, loaded profiles... Steps reach it through <see cref="StepContext.Run"/>.
/// </summary>
public sealed class RunContext
{
    /// <summary>Folder where steps write raw data; report paths are relative to it. Null when not saving.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Seed for every random choice of the run, recorded in the report.</summary>
    public long? Seed { get; init; }

    /// <summary>Run-level objects keyed by name.</summary>
    public Dictionary<string, object?> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>The item stored under <paramref name="key"/>, which must be a <typeparamref name="T"/>.</summary>
    public T Get<T>(string key) => ContextItems.Get<T>(Items, key, "run");
}

/// <summary>
/// State of one scenario; every scenario gets a fresh one. Steps pass values to later steps
/// through <see cref="Items"/> and record measured metrics with <see cref="Record"/>.
/// </summary>
public sealed class ScenarioContext
{
    private readonly List<MetricResult> metrics = [];

    public ScenarioContext(CompiledScenario scenario, RunContext run)
    {
        Scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        Run = run ?? throw new ArgumentNullException(nameof(run));
    }

    public CompiledScenario Scenario { get; }

    public RunContext Run { get; }

    public Dictionary<string, object?> Items { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<MetricResult> Metrics => metrics;

    public T Get<T>(string key) => ContextItems.Get<T>(Items, key, "scenario");

    /// <summary>Adds a metric to the scenario's results; its verdict feeds the scenario verdict.</summary>
    public void Record(MetricResult metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        metrics.Add(metric);
    }
}

/// <summary>What a step body receives besides its converted arguments.</summary>
public sealed class StepContext
{
    internal StepContext(ScenarioContext scenario, ScenarioStep step, CancellationToken cancellationToken)
    {
        Scenario = scenario;
        Step = step;
        CancellationToken = cancellationToken;
    }

    public ScenarioContext Scenario { get; }

    public RunContext Run => Scenario.Run;

    public ScenarioStep Step { get; }

    /// <summary>The step's data table, rows of cells, header row included; null when none.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? DataTable => Step.DataTable;

    /// <summary>The step's doc string content; null when none.</summary>
    public string? DocString => Step.DocString;

    /// <summary>The doc string's media type (<c>"""application/json</c>); null when none was given.</summary>
    public string? DocStringMediaType => Step.DocStringMediaType;

    public CancellationToken CancellationToken { get; }
}

/// <summary>Thrown by a step whose definition exists but is not written yet: status PENDING.</summary>
public sealed class PendingStepException : Exception
{
    public PendingStepException() : base("step definition is pending") { }

    public PendingStepException(string message) : base(message) { }

    public PendingStepException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Thrown by a step that finds the scenario cannot apply here (say, the station has no
/// instrument of the kind it needs): status SKIPPED for it and the rest of the scenario, which
/// neither passes nor fails.
/// </summary>
public sealed class SkippedStepException : Exception
{
    public SkippedStepException() : base("step skipped") { }

    public SkippedStepException(string message) : base(message) { }

    public SkippedStepException(string message, Exception inner) : base(message, inner) { }
}

internal static class ContextItems
{
    public static T Get<T>(Dictionary<string, object?> items, string key, string scope)
    {
        if (!items.TryGetValue(key, out var value))
        {
            throw new KeyNotFoundException($"no {scope} item '{key}'; an earlier step must set it");
        }

        return value is T typed
            ? typed
            : throw new InvalidCastException($"{scope} item '{key}' is {value?.GetType().Name ?? "null"}, not {typeof(T).Name}");
    }
}
