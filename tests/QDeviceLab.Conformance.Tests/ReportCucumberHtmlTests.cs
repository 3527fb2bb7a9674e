using System.Text.Json;
using System.Text.RegularExpressions;

namespace QDeviceLab.Conformance.Tests;

/// <summary>cucumber.html: the run's messages rendered by Cucumber's own HTML formatter.</summary>
public sealed class ReportCucumberHtmlTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteFolder()
    {
        ReportFolder.Write(ReportSamples.Record(), _folder.Path);
        return File.ReadAllText(Path.Combine(_folder.Path, CucumberHtmlWriter.FileName));
    }

    [Fact]
    public void The_report_folder_gets_a_cucumber_html_that_the_manifest_seals()
    {
        WriteFolder();

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, ReportManifest.FileName)));
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains(CucumberHtmlWriter.FileName, listed);
        Assert.True(ReportManifest.Verify(_folder.Path).Intact);
    }

    [Fact]
    public void The_page_is_self_contained_scripts_styles_and_messages_inlined()
    {
        var page = WriteFolder();

        Assert.StartsWith("<!DOCTYPE html>", page.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"<script\b[^>]*\bsrc=", RegexOptions.IgnoreCase), page);
        Assert.DoesNotMatch(new Regex(@"<link\b[^>]*\bhref=""(https?:)?//", RegexOptions.IgnoreCase), page);
        Assert.True(page.Length > 100_000, $"the formatter's React bundle should be inlined; the page is only {page.Length} characters");
    }

    [Fact]
    public void Every_envelope_of_messages_ndjson_is_embedded()
    {
        var page = WriteFolder();

        var lines = File.ReadAllLines(Path.Combine(_folder.Path, CucumberMessagesWriter.FileName));
        var embedded = Regex.Match(page, @"window\.CUCUMBER_MESSAGES\s*=\s*\[(.*?)\];?\s*</script>", RegexOptions.Singleline);
        Assert.True(embedded.Success, "no window.CUCUMBER_MESSAGES in cucumber.html");
        // The formatter escapes "<" as the JavaScript "\x3C" so no "</script>" can close the block early.
        var json = embedded.Groups[1].Value.Replace("\\x3C", "\\u003C", StringComparison.Ordinal);
        Assert.DoesNotContain("</", json, StringComparison.Ordinal);
        using var messages = JsonDocument.Parse("[" + json + "]");
        Assert.Equal(lines.Length, messages.RootElement.GetArrayLength());
        var kinds = messages.RootElement.EnumerateArray().Select(e => e.EnumerateObject().Single().Name).ToList();
        Assert.Equal("meta", kinds[0]);
        Assert.Equal("testRunFinished", kinds[^1]);
        Assert.Equal(lines.Count(l => l.StartsWith("{\"testStepFinished\"", StringComparison.Ordinal)), kinds.Count(k => k == "testStepFinished"));
    }
}
