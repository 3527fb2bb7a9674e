using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// Writes <c>report.json</c>, the archival report documented in <c>docs/report-schema.md</c>.
/// Field by field with <see cref="Utf8JsonWriter"/> so the file's shape is exactly the
/// documented one and does not drift with the record's C# shape.
/// </summary>
public static class ReportJsonWriter
{
    public const string SchemaId = "https://qdevicelab.org/schemas/report/1.0";
    public const string SchemaVersion = "1.3.0";
    public const string FileName = "report.json";

    /// <summary>Writes <c>report.json</c> into <paramref name="directory"/> (created if needed) and returns its path.</summary>
    public static string WriteToDirectory(RunRecord record, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        using var stream = File.Create(path);
        Write(record, stream);
        return path;
    }

    public static void Write(RunRecord record, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        json.WriteString("schema", SchemaId);
        json.WriteString("schemaVersion", SchemaVersion);
        json.WriteString("runId", record.RunId);
        json.WriteString("verdict", record.Verdict.ToReportWord());
        json.WriteString("startedUtc", Timestamp(record.StartedUtc));
        json.WriteString("finishedUtc", Timestamp(record.FinishedUtc));
        Number(json, "durationSeconds", (record.FinishedUtc - record.StartedUtc).TotalSeconds);
        json.WriteStartObject("software");
        json.WriteString("name", "QDeviceLab");
        json.WriteString("version", record.SoftwareVersion);
        json.WriteEndObject();
        json.WriteString("commandLine", record.CommandLine);
        if (record.Seed is { } seed)
        {
            json.WriteNumber("seed", seed);
        }
        else
        {
            json.WriteNull("seed");
        }

        json.WriteBoolean("dryRun", record.DryRun);
        json.WriteString("tagExpression", record.TagExpression);
        json.WriteString("order", record.Order);
        WriteSummary(json, record);
        WriteRollups(json, record);
        WriteStation(json, record.Station);

        json.WriteStartArray("profiles");
        foreach (var profile in record.Profiles)
        {
            json.WriteStartObject();
            json.WriteString("id", profile.Id);
            json.WriteString("version", profile.Version);
            json.WriteString("file", profile.File);
            json.WriteString("sha256", profile.Sha256);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("features");
        foreach (var feature in record.Features)
        {
            json.WriteStartObject();
            json.WriteString("path", feature.Path);
            json.WriteString("sha256", feature.Sha256);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteEnvironment(json, record.Environment);
        var plots = ReportPlots.Plan(record);
        WriteEnvironmentPlots(json, plots);
        var metricPlots = ReportPlots.MetricFiles(plots);
        json.WriteStartArray("metrics");
        for (var s = 0; s < record.Scenarios.Count; s++)
        {
            foreach (var metric in record.Scenarios[s].Metrics)
            {
                WriteMetric(json, metric, s, record.Scenarios[s], metricPlots.GetValueOrDefault(metric));
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("scenarios");
        foreach (var scenario in record.Scenarios)
        {
            WriteScenario(json, scenario);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, RunRecord record)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("scenarios", record.Scenarios.Count);
        json.WriteStartObject("scenarioStatus");
        foreach (var status in Enum.GetValues<StepStatus>())
        {
            json.WriteNumber(status.ToString().ToLowerInvariant(), record.Scenarios.Count(s => s.Status == status));
        }

        json.WriteEndObject();
        var metrics = record.AllMetrics.Select(m => m.Metric.Verdict).ToList();
        json.WriteNumber("metrics", metrics.Count);
        json.WriteStartObject("metricVerdicts");
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            json.WriteNumber(verdict.ToString().ToLowerInvariant(), metrics.Count(v => v == verdict));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Verdicts per device, qubit and feature (schema 1.2).</summary>
    private static void WriteRollups(Utf8JsonWriter json, RunRecord record)
    {
        json.WriteStartObject("rollups");
        json.WritePropertyName("device");
        WriteRollup(json, VerdictAggregation.ByDevice(record));
        foreach (var (name, rollups) in new[] { ("qubits", VerdictAggregation.ByQubit(record)), ("features", VerdictAggregation.ByFeature(record)) })
        {
            json.WriteStartArray(name);
            foreach (var rollup in rollups)
            {
                WriteRollup(json, rollup);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteRollup(Utf8JsonWriter json, VerdictRollup rollup)
    {
        json.WriteStartObject();
        json.WriteString("name", rollup.Name);
        json.WriteString("verdict", rollup.Verdict.ToReportWord());
        json.WriteNumber("scenarios", rollup.Scenarios);
        json.WriteNumber("metrics", rollup.Metrics);
        json.WriteEndObject();
    }

    /// <summary>The method facts actually used and, when the clause states requirements, whether they were met (schema 1.2).</summary>
    private static void WriteMethodConformance(Utf8JsonWriter json, MetricResult metric)
    {
        json.WriteStartObject("methodFacts");
        foreach (var (fact, value) in metric.MethodFacts.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Number(json, fact, value);
        }

        json.WriteEndObject();
        if (metric.MethodConformance is not { } conformance)
        {
            json.WriteNull("methodConformance");
            return;
        }

        json.WriteStartObject("methodConformance");
        json.WriteString("status", conformance.Status);
        json.WriteStartArray("requirements");
        foreach (var requirement in conformance.Requirements)
        {
            json.WriteStringValue(requirement);
        }

        json.WriteEndArray();
        json.WriteStartArray("reasons");
        foreach (var reason in conformance.Reasons)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStation(Utf8JsonWriter json, StationInfo? station)
    {
        if (station is null)
        {
            json.WriteNull("station");
            return;
        }

        json.WriteStartObject("station");
        json.WriteString("name", station.Name);
        json.WriteString("file", station.File);
        json.WriteString("sha256", station.Sha256);
        json.WriteStartArray("instruments");
        foreach (var instrument in station.Instruments)
        {
            json.WriteStartObject();
            json.WriteString("name", instrument.Name);
            json.WriteString("model", instrument.Model);
            json.WriteString("resource", instrument.Resource);
            json.WriteString("idn", instrument.Idn);
            json.WriteString("calibrationDue", instrument.CalibrationDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEnvironment(Utf8JsonWriter json, IReadOnlyList<EnvironmentReading> readings)
    {
        json.WriteStartArray("environment");
        foreach (var reading in readings)
        {
            json.WriteStartObject();
            json.WriteString("timeUtc", Timestamp(reading.TimeUtc));
            json.WriteString("quantity", reading.Quantity);
            Number(json, "value", reading.Value);
            json.WriteString("unit", reading.Unit);
            json.WriteString("sensor", reading.Sensor);
            json.WriteString("scenario", reading.Scenario);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The figure files of each environment quantity, relative to the report folder (schema 1.3).</summary>
    private static void WriteEnvironmentPlots(Utf8JsonWriter json, IReadOnlyList<PlannedPlot> plots)
    {
        json.WriteStartArray("environmentPlots");
        foreach (var plot in plots.Where(p => p.Quantity is not null))
        {
            json.WriteStartObject();
            json.WriteString("quantity", plot.Quantity);
            json.WriteString("unit", plot.Unit);
            json.WriteString("svg", plot.Files.Svg);
            json.WriteString("png", plot.Files.Png);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteMetric(Utf8JsonWriter json, MetricResult metric, int scenarioIndex, ScenarioResult scenario, PlotFiles? plot)
    {
        json.WriteStartObject();
        json.WriteString("metric", metric.Metric);
        json.WriteString("qubit", metric.Qubit);
        Number(json, "value", metric.Value);
        json.WriteString("unit", metric.Unit);
        Number(json, "standardUncertainty", metric.StandardUncertainty);
        json.WriteStartObject("interval");
        Number(json, "low", metric.IntervalLow);
        Number(json, "high", metric.IntervalHigh);
        Number(json, "level", metric.ConfidenceLevel);
        json.WriteEndObject();
        if (metric.Limit is { } limit)
        {
            json.WriteStartObject("limit");
            Number(json, "min", limit.Min);
            Number(json, "max", limit.Max);
            Number(json, "guardBand", limit.GuardBand);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("limit");
        }

        json.WriteString("clause", metric.ClauseId);
        json.WriteString("profile", metric.Profile);
        json.WriteString("grade", metric.Grade);
        WriteMethodConformance(json, metric);
        json.WriteString("verdict", metric.Verdict.ToReportWord());
        json.WriteString("verdictReason", metric.VerdictReason);
        json.WriteString("method", metric.Method);
        json.WriteString("rawDataFile", metric.RawDataFile?.Replace('\\', '/'));
        if (metric.Fit is { } fit)
        {
            json.WriteStartObject("fit");
            json.WriteString("model", fit.Model);
            Number(json, "reducedChiSquare", fit.ReducedChiSquare);
            json.WriteString("stopReason", fit.StopReason);
            if (metric.Evidence?.Grade is { } grade)
            {
                json.WriteString("quality", grade.Word);
                json.WriteStartArray("qualityReasons");
                foreach (var reason in grade.Reasons)
                {
                    json.WriteStringValue(reason);
                }

                json.WriteEndArray();
                json.WriteStartArray("reducedChiSquareAcceptance");
                NumberValue(json, grade.ReducedChiSquareLow);
                NumberValue(json, grade.ReducedChiSquareHigh);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("fit");
        }

        if (plot is null)
        {
            json.WriteNull("plot");
        }
        else
        {
            json.WriteStartObject("plot");
            json.WriteString("svg", plot.Svg);
            json.WriteString("png", plot.Png);
            json.WriteEndObject();
        }

        json.WriteNumber("scenario", scenarioIndex);
        json.WriteString("feature", scenario.Feature);
        json.WriteEndObject();
    }

    private static void WriteScenario(Utf8JsonWriter json, ScenarioResult scenario)
    {
        json.WriteStartObject();
        json.WriteString("feature", scenario.Feature);
        json.WriteString("name", scenario.Name);
        json.WriteNumber("line", scenario.Line);
        json.WriteString("qubit", scenario.Qubit);
        json.WriteStartObject("parameters");
        foreach (var (key, value) in scenario.Parameters)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("tags");
        foreach (var tag in scenario.Tags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("status", scenario.Status.ToReportWord());
        json.WriteString("verdict", scenario.Verdict.ToReportWord());
        Number(json, "durationSeconds", scenario.Duration.TotalSeconds);
        json.WriteNumber("metricCount", scenario.Metrics.Count);
        json.WriteStartArray("steps");
        foreach (var step in scenario.Steps)
        {
            json.WriteStartObject();
            json.WriteString("keyword", step.Keyword.Trim());
            json.WriteString("text", step.Text);
            json.WriteNumber("line", step.Line);
            json.WriteString("status", step.Status.ToReportWord());
            Number(json, "durationSeconds", step.Duration.TotalSeconds);
            json.WriteString("error", step.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>JSON has no NaN or infinity; a number that is not finite is written as null.</summary>
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void NumberValue(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
