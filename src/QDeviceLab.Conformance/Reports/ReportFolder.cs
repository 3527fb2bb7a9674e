using System.Security.Cryptography;
using System.Text;

namespace QDeviceLab.Conformance;

/// <summary>
/// A run's report folder: the run record itself (<c>run-record.json</c>) and every format
/// rendered from it (<c>report.json</c>, <c>junit.xml</c>, <c>report.html</c>,
/// <c>messages.ndjson</c>, <c>cucumber.html</c>, the figures under <c>plots/</c>), sealed last by <c>manifest.json</c>. Rendering only ever reads the
/// record, so re-rendering a folder later gives the same reports without measuring again.
/// </summary>
public static class ReportFolder
{
    /// <summary>
    /// Adds to the record what the run left on disk: the environment log from <c>raw/</c> and the
    /// text of each feature file whose bytes still hash to what was run.
    /// </summary>
    public static RunRecord Complete(RunRecord record, string directory)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(directory);
        var environment = record.Environment.Count > 0 ? record.Environment : EnvironmentLog.Read(Path.Combine(directory, "raw"));
        return record with
        {
            Environment = environment,
            Features = record.Features.Select(f => f.Text is null ? f with { Text = TextIfUnchanged(f) } : f).ToList(),
        };
    }

    /// <summary>Writes the record and every format into <paramref name="directory"/>, then the manifest over all of it.</summary>
    /// <param name="registry">The step library, so messages link steps to their definitions; optional.</param>
    /// <param name="signingKeyPem">EC P-256 private key (PEM) to sign the manifest with, or null.</param>
    public static void Write(RunRecord record, string directory, StepRegistry? registry = null, string? signingKeyPem = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        Directory.CreateDirectory(directory);
        RunRecordJson.WriteToDirectory(record, directory);
        Render(record, directory, registry);
        ReportManifest.Write(directory, signingKeyPem);
    }

    /// <summary>Reads <c>run-record.json</c> from the folder and writes every format and the manifest again.</summary>
    /// <exception cref="Core.UserInputException">The folder has no readable run record.</exception>
    public static RunRecord Rerender(string directory, StepRegistry? registry = null, string? signingKeyPem = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var record = RunRecordJson.Read(Path.Combine(directory, RunRecordJson.FileName));
        Render(record, directory, registry);
        ReportManifest.Write(directory, signingKeyPem);
        return record;
    }

    private static void Render(RunRecord record, string directory, StepRegistry? registry)
    {
        var plots = ReportPlots.Render(record);
        ReportPlots.Write(plots, directory);
        ReportJsonWriter.WriteToDirectory(record, directory);
        JUnitXmlWriter.WriteToDirectory(record, directory);
        AtmlWriter.WriteToDirectory(record, directory);
        HtmlReportWriter.WriteToDirectory(record, directory, plots);
        CucumberMessagesWriter.WriteToDirectory(record, directory, registry);
        CucumberHtmlWriter.WriteToDirectory(record, directory, registry);
    }

    private static string? TextIfUnchanged(FeatureInfo feature)
    {
        try
        {
            var bytes = File.ReadAllBytes(feature.Path);
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == feature.Sha256
                ? new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF')
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The record stays true without the text; only the messages lose their source.
            return null;
        }
    }
}
