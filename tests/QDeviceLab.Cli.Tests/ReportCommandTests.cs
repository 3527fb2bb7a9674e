using System.Security.Cryptography;
using System.Text.Json;
using QDeviceLab.Cli.Tests.Support;

namespace QDeviceLab.Cli.Tests;

/// <summary>One real run (the Japanese T1 feature on the emulated station) shared by the tests, which each work on a copy.</summary>
public sealed class ReportRunFixture : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("qdl-report-").FullName;

    public string Run => Path.Combine(Folder, "run");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (ExitCode, Output, _) = await RunCommandTests.Qdlab(
            "run", Repository.Path("features", "ja"), "--out", Run,
            "--standards", Repository.Path("standards"), "--station", Repository.Path("instruments", "stations", "emulated.yaml"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class ReportCommandTests(ReportRunFixture run) : IClassFixture<ReportRunFixture>, IDisposable
{
    private readonly string _copy = Copy(run.Run);

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    private static string Copy(string source)
    {
        var target = Directory.CreateTempSubdirectory("qdl-report-copy-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    [Fact]
    public void A_run_writes_every_format_the_run_record_and_a_manifest()
    {
        Assert.True(run.ExitCode == 0, run.Output);
        foreach (var file in new[] { "report.json", "junit.xml", "report.html", "messages.ndjson", "cucumber.html", "run-record.json", "manifest.json", "raw/environment.ndjson" })
        {
            Assert.True(File.Exists(Path.Combine(run.Run, file)), $"{file} missing");
        }

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Run, "report.json")));
        var reading = report.RootElement.GetProperty("environment").EnumerateArray().Single();
        Assert.Equal("mixing chamber temperature", reading.GetProperty("quantity").GetString());
        Assert.InRange(reading.GetProperty("value").GetDouble(), 0.001, 0.02);
        Assert.Contains("<svg class=\"plot\"", File.ReadAllText(Path.Combine(run.Run, "report.html")), StringComparison.Ordinal);
        Assert.Contains("\"language\":\"ja\"", File.ReadAllText(Path.Combine(run.Run, "messages.ndjson")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_passes_on_an_untouched_folder()
    {
        var (code, output, error) = await RunCommandTests.Qdlab("report", "verify", _copy);

        Assert.True(code == ExitCodes.Pass, output + error);
        Assert.Contains("OK:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_names_a_changed_an_added_and_a_removed_file_and_exits_1()
    {
        var raw = Directory.EnumerateFiles(Path.Combine(_copy, "raw"), "*.shots.csv").First();
        File.AppendAllText(raw, "1\n");
        File.WriteAllText(Path.Combine(_copy, "raw", "planted.csv"), "x");
        File.Delete(Path.Combine(_copy, "junit.xml"));

        var (code, output, _) = await RunCommandTests.Qdlab("report", "verify", _copy);

        Assert.Equal(ExitCodes.Fail, code);
        Assert.Contains("changed: raw/" + Path.GetFileName(raw), output, StringComparison.Ordinal);
        Assert.Contains("added:   raw/planted.csv", output, StringComparison.Ordinal);
        Assert.Contains("removed: junit.xml", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_rerenders_from_the_run_record_and_signs_when_asked()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keys = Directory.CreateTempSubdirectory("qdl-keys-").FullName;
        try
        {
            var (privatePem, publicPem, otherPem) = (Path.Combine(keys, "k.pem"), Path.Combine(keys, "k.pub.pem"), Path.Combine(keys, "o.pub.pem"));
            File.WriteAllText(privatePem, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(publicPem, key.ExportSubjectPublicKeyInfoPem());
            File.WriteAllText(otherPem, other.ExportSubjectPublicKeyInfoPem());
            var html = File.ReadAllText(Path.Combine(_copy, "report.html"));
            File.Delete(Path.Combine(_copy, "report.html"));
            var cucumber = File.ReadAllText(Path.Combine(_copy, "cucumber.html"));
            File.Delete(Path.Combine(_copy, "cucumber.html"));

            var (code, output, error) = await RunCommandTests.Qdlab("report", _copy, "--signing-key", privatePem);

            Assert.True(code == ExitCodes.Pass, output + error);
            Assert.Equal(html, File.ReadAllText(Path.Combine(_copy, "report.html")));
            Assert.Equal(cucumber, File.ReadAllText(Path.Combine(_copy, "cucumber.html")));
            Assert.Equal(ExitCodes.Pass, (await RunCommandTests.Qdlab("report", "verify", _copy, "--public-key", publicPem)).Code);
            var (wrong, wrongOutput, _) = await RunCommandTests.Qdlab("report", "verify", _copy, "--public-key", otherPem);
            Assert.Equal(ExitCodes.Fail, wrong);
            Assert.Contains("signature INVALID", wrongOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_without_a_manifest_is_an_input_error()
    {
        File.Delete(Path.Combine(_copy, "manifest.json"));

        var (code, _, error) = await RunCommandTests.Qdlab("report", "verify", _copy);

        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("no manifest", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_of_a_folder_that_does_not_exist_is_a_usage_error()
    {
        var (code, _, _) = await RunCommandTests.Qdlab("report", Path.Combine(_copy, "nope"));

        Assert.Equal(ExitCodes.Usage, code);
    }
}
