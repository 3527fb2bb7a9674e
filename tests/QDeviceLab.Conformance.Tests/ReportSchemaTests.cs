using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace QDeviceLab.Conformance.Tests;

/// <summary>docs/report-schema.json against what ReportJsonWriter really writes.</summary>
public class ReportSchemaTests
{
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(ReportSamples.RepositoryRoot, "docs", "report-schema.json")));

    private static string ReportJson(RunRecord record)
    {
        using var stream = new MemoryStream();
        ReportJsonWriter.Write(record, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Problems(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));

    [Fact]
    public void A_full_report_with_failures_and_non_finite_values_is_valid()
    {
        var results = Evaluate(ReportJson(ReportSamples.Record()));

        Assert.True(results.IsValid, Problems(results));
    }

    [Fact]
    public void An_empty_run_without_a_station_is_valid()
    {
        var results = Evaluate(ReportJson(new RunRecord { RunId = "empty", StartedUtc = DateTimeOffset.UnixEpoch, FinishedUtc = DateTimeOffset.UnixEpoch }));

        Assert.True(results.IsValid, Problems(results));
    }

    [Fact]
    public void A_random_order_is_recorded_with_its_seed_and_valid()
    {
        var json = ReportJson(ReportSamples.Record() with { Order = "random:-17" });

        Assert.True(Evaluate(json).IsValid, Problems(Evaluate(json)));
        Assert.Equal("random:-17", JsonNode.Parse(json)!["order"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("verdict")]
    [InlineData("metricVerdict")]
    [InlineData("missingEnvironment")]
    [InlineData("numberAsString")]
    [InlineData("shortHash")]
    [InlineData("unknownOrder")]
    public void A_report_that_breaks_the_documented_shape_is_invalid(string breakage)
    {
        var root = JsonNode.Parse(ReportJson(ReportSamples.Record()))!.AsObject();
        switch (breakage)
        {
            case "verdict":
                root["verdict"] = "MOSTLY PASS";
                break;
            case "metricVerdict":
                root["metrics"]![0]!["verdict"] = "pass";
                break;
            case "missingEnvironment":
                root.Remove("environment");
                break;
            case "numberAsString":
                root["metrics"]![0]!["value"] = "4.8e-05";
                break;
            case "shortHash":
                root["features"]![0]!["sha256"] = "abc";
                break;
            case "unknownOrder":
                root["order"] = "random";
                break;
        }

        Assert.False(Evaluate(root.ToJsonString()).IsValid, $"{breakage} should make report.json invalid");
    }

    [Fact]
    public void The_schema_id_is_the_report_schema_uri()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReportSamples.RepositoryRoot, "docs", "report-schema.json")));

        Assert.Equal(ReportJsonWriter.SchemaId, document.RootElement.GetProperty("$id").GetString());
        Assert.Equal(ReportJsonWriter.SchemaId, document.RootElement.GetProperty("properties").GetProperty("schema").GetProperty("const").GetString());
    }
}
