namespace QDeviceLab.Conformance.Tests;

/// <summary>run-record.json round trips, and a folder re-rendered from it says what the first rendering said.</summary>
public sealed class ReportRecordTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_run_record_round_trips_with_evidence_environment_sources_and_non_finite_values()
    {
        var original = ReportSamples.Record() with { Order = "random:1234" };
        var path = RunRecordJson.WriteToDirectory(original, _folder.Path);

        var read = RunRecordJson.Read(path);

        Assert.Equal("random:1234", read.Order);

        Assert.Equal(original.RunId, read.RunId);
        Assert.Equal(original.StartedUtc, read.StartedUtc);
        Assert.Equal(original.Verdict, read.Verdict);
        Assert.Equal(original.Environment, read.Environment);
        Assert.Equal(ReportSamples.FeatureText, read.Features.Single().Text);
        Assert.Equal(original.Station!.Instruments, read.Station!.Instruments);
        var metric = read.Scenarios[0].Metrics.Single();
        Assert.Equal(original.Scenarios[0].Metrics[0].Evidence!.Y, metric.Evidence!.Y);
        Assert.True(double.IsNaN(metric.Evidence.YUncertainty[2]));
        Assert.Equal(48e-6, metric.Evidence.Parameters["tau"]);
        Assert.True(double.IsNaN(read.Scenarios[1].Metrics.Single().Value));
        Assert.Equal(original.Scenarios[1].Steps, read.Scenarios[1].Steps);
        Assert.Equal("q0", read.Scenarios[0].Parameters["qubit"]);
    }

    [Fact]
    public void Rerendering_a_folder_writes_the_same_reports_and_an_intact_manifest()
    {
        ReportFolder.Write(ReportSamples.Record(), _folder.Path);
        var first = new[] { "report.json", "junit.xml", "report.html", "messages.ndjson", "cucumber.html" }
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(_folder.Path, f)));
        foreach (var file in first.Keys)
        {
            File.Delete(Path.Combine(_folder.Path, file));
        }

        ReportFolder.Rerender(_folder.Path);

        foreach (var (file, text) in first)
        {
            Assert.Equal(text, File.ReadAllText(Path.Combine(_folder.Path, file)));
        }

        Assert.True(ReportManifest.Verify(_folder.Path).Intact);
    }

    [Fact]
    public void A_file_that_is_not_a_run_record_is_an_input_error()
    {
        var path = _folder.Write("run-record.json", "{\"format\":\"something else\",\"version\":1}");

        var error = Assert.Throws<Core.UserInputException>(() => RunRecordJson.Read(path));

        Assert.Contains("not a QDeviceLab run record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Completing_a_record_reads_the_environment_log_and_keeps_only_unchanged_feature_text()
    {
        var raw = Path.Combine(_folder.Path, "raw");
        var reading = new EnvironmentReading(DateTimeOffset.UnixEpoch.AddSeconds(5), "mixing chamber temperature", 0.012, "K", "bridge channel 6", "s");
        EnvironmentLog.Append(raw, reading with { TimeUtc = DateTimeOffset.UnixEpoch.AddSeconds(9) });
        EnvironmentLog.Append(raw, reading);
        var same = _folder.Write("same.feature", "Feature: same\n");
        var edited = _folder.Write("edited.feature", "Feature: edited later\n");
        var record = new RunRecord
        {
            RunId = "r", StartedUtc = DateTimeOffset.UnixEpoch, FinishedUtc = DateTimeOffset.UnixEpoch,
            Features = [new FeatureInfo(same, ReportSamples.Sha("Feature: same\n")), new FeatureInfo(edited, ReportSamples.Sha("Feature: as run\n"))],
        };

        var complete = ReportFolder.Complete(record, _folder.Path);

        Assert.Equal([5.0, 9.0], complete.Environment.Select(r => (r.TimeUtc - DateTimeOffset.UnixEpoch).TotalSeconds));
        Assert.Equal("Feature: same\n", complete.Features[0].Text);
        Assert.Null(complete.Features[1].Text);
    }
}
