using System.Text.Json;
using System.Xml.Linq;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Tests;

public class ReportWriterTests
{
    private static readonly StandardsProfile Profile = ProfileFixtures.CoherenceProfile();

    private static RunRecord SampleRecord()
    {
        var t1 = Profile.Clause("QDL-COH-1");
        var pass = MetricResult.Evaluate(t1, new Measurement(50e-6, 2e-6, "s"), "q0", "raw/q0-t1.csv", new FitInfo("P1(t) = A exp(-t/T1) + B", 1.04, "converged"));
        var fail = MetricResult.Evaluate(t1, new Measurement(10e-6, 1e-6, "s"), "q1");
        var broken = MetricResult.Evaluate(t1, new Measurement(double.NaN, double.PositiveInfinity, "s"), "q2");
        StepResult Step(StepStatus status, string? error = null) => new("Then ", "T1 meets clause QDL-COH-1", 9, status, TimeSpan.FromMilliseconds(12), error);
        ScenarioResult Scenario(string feature, string name, StepStatus status, params MetricResult[] metrics) => new()
        {
            Feature = feature,
            Name = name,
            Line = 15,
            Qubit = metrics.FirstOrDefault()?.Qubit,
            Parameters = new Dictionary<string, string> { ["qubit"] = metrics.FirstOrDefault()?.Qubit ?? "" },
            Tags = ["@coherence"],
            Status = status,
            Steps = [Step(status, status == StepStatus.Passed ? null : "step went wrong <&>\u0001")],
            Metrics = metrics,
            Duration = TimeSpan.FromSeconds(1.5),
        };

        return new RunRecord
        {
            RunId = "run-1",
            StartedUtc = new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero),
            FinishedUtc = new DateTimeOffset(2025, 3, 4, 10, 0, 7, 250, TimeSpan.Zero),
            CommandLine = "qdlab run features/",
            Seed = 1234,
            Station = new StationInfo("emulated", "instruments/stations/emulated.yaml", new string('a', 64),
            [
                new InstrumentInfo("awg", "AWG5204", "TCPIP0::127.0.0.1::5025::SOCKET", "TEKTRONIX,AWG5204,B010000,FV:6.3", new DateOnly(2026, 1, 31)),
                new InstrumentInfo("bridge", "372", "ASRL/dev/pts/3::INSTR", null, null),
            ]),
            Profiles = [Profile.Info],
            Features = [new FeatureInfo("features/coherence.feature", new string('b', 64)), new FeatureInfo("features/readout.feature", new string('c', 64))],
            Scenarios =
            [
                Scenario("features/coherence.feature", "T1 of q0", StepStatus.Passed, pass),
                Scenario("features/coherence.feature", "T1 of q1", StepStatus.Passed, fail),
                Scenario("features/coherence.feature", "T1 of q2", StepStatus.Passed, broken),
                Scenario("features/readout.feature", "Readout", StepStatus.Undefined),
                Scenario("features/readout.feature", "Not run", StepStatus.Skipped),
            ],
        };
    }

    private static JsonElement WriteJson(RunRecord record)
    {
        using var folder = new TempFolder();
        var path = ReportJsonWriter.WriteToDirectory(record, folder.Path);
        Assert.Equal(Path.Combine(folder.Path, "report.json"), path);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Json_report_carries_schema_verdict_station_and_provenance()
    {
        var root = WriteJson(SampleRecord());

        Assert.Equal("https://qdevicelab.org/schemas/report/1.0", root.GetProperty("schema").GetString());
        Assert.Equal("1.3.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("defined", root.GetProperty("order").GetString());
        Assert.Equal("ERROR", root.GetProperty("verdict").GetString());
        Assert.Equal("run-1", root.GetProperty("runId").GetString());
        Assert.Equal("2025-03-04T10:00:00.000Z", root.GetProperty("startedUtc").GetString());
        Assert.Equal(7.25, root.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(1234, root.GetProperty("seed").GetInt64());
        Assert.Equal("qdlab run features/", root.GetProperty("commandLine").GetString());
        var station = root.GetProperty("station");
        Assert.Equal("emulated", station.GetProperty("name").GetString());
        var awg = station.GetProperty("instruments")[0];
        Assert.Equal("TCPIP0::127.0.0.1::5025::SOCKET", awg.GetProperty("resource").GetString());
        Assert.Equal("2026-01-31", awg.GetProperty("calibrationDue").GetString());
        Assert.Equal(JsonValueKind.Null, station.GetProperty("instruments")[1].GetProperty("idn").ValueKind);
        Assert.Equal("qdl-coherence", root.GetProperty("profiles")[0].GetProperty("id").GetString());
        Assert.Equal(2, root.GetProperty("features").GetArrayLength());
        var summary = root.GetProperty("summary");
        Assert.Equal(5, summary.GetProperty("scenarios").GetInt32());
        Assert.Equal(3, summary.GetProperty("scenarioStatus").GetProperty("passed").GetInt32());
        Assert.Equal(1, summary.GetProperty("metricVerdicts").GetProperty("fail").GetInt32());
    }

    [Fact]
    public void Json_metrics_are_flat_with_numbers_as_numbers_and_non_finite_as_null()
    {
        var metrics = WriteJson(SampleRecord()).GetProperty("metrics");

        Assert.Equal(3, metrics.GetArrayLength());
        var q0 = metrics[0];
        Assert.Equal("T1", q0.GetProperty("metric").GetString());
        Assert.Equal("q0", q0.GetProperty("qubit").GetString());
        Assert.Equal(JsonValueKind.Number, q0.GetProperty("value").ValueKind);
        Assert.Equal(50e-6, q0.GetProperty("value").GetDouble());
        Assert.Equal("s", q0.GetProperty("unit").GetString());
        Assert.Equal(2e-6, q0.GetProperty("standardUncertainty").GetDouble());
        Assert.Equal(0.95, q0.GetProperty("interval").GetProperty("level").GetDouble());
        Assert.Equal(50e-6 - Measurement.CoverageFactor95 * 2e-6, q0.GetProperty("interval").GetProperty("low").GetDouble(), 15);
        Assert.Equal(20e-6, q0.GetProperty("limit").GetProperty("min").GetDouble());
        Assert.Equal(JsonValueKind.Null, q0.GetProperty("limit").GetProperty("max").ValueKind);
        Assert.Equal("QDL-COH-1", q0.GetProperty("clause").GetString());
        Assert.Equal("PASS", q0.GetProperty("verdict").GetString());
        Assert.Equal("inversion recovery", q0.GetProperty("method").GetString());
        Assert.Equal("raw/q0-t1.csv", q0.GetProperty("rawDataFile").GetString());
        Assert.Equal(1.04, q0.GetProperty("fit").GetProperty("reducedChiSquare").GetDouble());
        Assert.Equal("converged", q0.GetProperty("fit").GetProperty("stopReason").GetString());
        Assert.Equal(0, q0.GetProperty("scenario").GetInt32());
        Assert.Equal("FAIL", metrics[1].GetProperty("verdict").GetString());
        var q2 = metrics[2];
        Assert.Equal("ERROR", q2.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, q2.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, q2.GetProperty("standardUncertainty").ValueKind);
        Assert.Equal(JsonValueKind.Null, q2.GetProperty("fit").ValueKind);
    }

    [Fact]
    public void Json_scenarios_carry_status_verdict_and_steps()
    {
        var scenarios = WriteJson(SampleRecord()).GetProperty("scenarios");

        Assert.Equal(5, scenarios.GetArrayLength());
        var undefined = scenarios[3];
        Assert.Equal("Readout", undefined.GetProperty("name").GetString());
        Assert.Equal("UNDEFINED", undefined.GetProperty("status").GetString());
        Assert.Equal("ERROR", undefined.GetProperty("verdict").GetString());
        var step = undefined.GetProperty("steps")[0];
        Assert.Equal("Then", step.GetProperty("keyword").GetString());
        Assert.Equal(9, step.GetProperty("line").GetInt32());
        Assert.Equal("UNDEFINED", step.GetProperty("status").GetString());
        Assert.StartsWith("step went wrong <&>", step.GetProperty("error").GetString());
        Assert.Equal("@coherence", scenarios[0].GetProperty("tags")[0].GetString());
        Assert.Equal("q0", scenarios[0].GetProperty("parameters").GetProperty("qubit").GetString());
        Assert.Equal(1.5, scenarios[0].GetProperty("durationSeconds").GetDouble());
    }

    [Fact]
    public void Json_of_an_empty_run_is_inconclusive_with_null_station()
    {
        var root = WriteJson(new RunRecord { RunId = "empty", StartedUtc = DateTimeOffset.UnixEpoch, FinishedUtc = DateTimeOffset.UnixEpoch });

        Assert.Equal("INCONCLUSIVE", root.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("station").ValueKind);
        Assert.Equal(0, root.GetProperty("metrics").GetArrayLength());
    }

    [Fact]
    public void JUnit_report_is_valid_xml_with_a_suite_per_feature_and_the_right_counts()
    {
        using var folder = new TempFolder();
        var path = JUnitXmlWriter.WriteToDirectory(SampleRecord(), folder.Path);

        var root = XDocument.Load(path).Root!;

        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("5", root.Attribute("tests")!.Value);
        Assert.Equal("1", root.Attribute("failures")!.Value);
        Assert.Equal("2", root.Attribute("errors")!.Value);
        Assert.Equal("1", root.Attribute("skipped")!.Value);
        Assert.Equal("7.250", root.Attribute("time")!.Value);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["features/coherence.feature", "features/readout.feature"], suites.Select(s => s.Attribute("name")!.Value));
        Assert.Equal(["3", "1", "1", "0"], new[] { "tests", "failures", "errors", "skipped" }.Select(a => suites[0].Attribute(a)!.Value));
        Assert.Equal(["2", "0", "1", "1"], new[] { "tests", "failures", "errors", "skipped" }.Select(a => suites[1].Attribute(a)!.Value));
        var cases = root.Descendants("testcase").ToList();
        Assert.Equal("1.500", cases[0].Attribute("time")!.Value);
        Assert.Empty(cases[0].Elements("failure").Concat(cases[0].Elements("error")));
        Assert.Contains("PASS QDL-COH-1 T1[q0] = 5E-05 ± 2E-06 s", cases[0].Element("system-out")!.Value);
        Assert.Equal("FAIL", cases[1].Element("failure")!.Attribute("type")!.Value);
        Assert.NotNull(cases[2].Element("error"));
        Assert.Equal("UNDEFINED", cases[3].Element("error")!.Attribute("type")!.Value);
        Assert.Equal("step went wrong <&>", cases[3].Element("error")!.Attribute("message")!.Value);
        Assert.NotNull(cases[4].Element("skipped"));
    }

    [Fact]
    public void JUnit_counts_inconclusive_as_a_failure()
    {
        var t1 = Profile.Clause("QDL-COH-1");
        var record = new RunRecord
        {
            RunId = "r",
            StartedUtc = DateTimeOffset.UnixEpoch,
            FinishedUtc = DateTimeOffset.UnixEpoch,
            Scenarios = [new ScenarioResult { Feature = "f", Name = "s", Status = StepStatus.Passed, Metrics = [MetricResult.Evaluate(t1, new Measurement(21e-6, 1e-6, "s"), "q0")] }],
        };

        var failure = JUnitXmlWriter.ToDocument(record).Descendants("failure").Single();

        Assert.Equal("INCONCLUSIVE", failure.Attribute("type")!.Value);
        Assert.Contains("straddles", failure.Attribute("message")!.Value);
    }
}
