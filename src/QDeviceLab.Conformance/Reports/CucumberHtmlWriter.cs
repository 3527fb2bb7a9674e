using System.Text.Json;
using Cucumber.HtmlFormatter;

namespace QDeviceLab.Conformance;

/// <summary>
/// Writes <c>cucumber.html</c>: the run's Cucumber Messages rendered by Cucumber's own HTML
/// formatter (NuGet Cucumber.HtmlFormatter, the React report every Cucumber produces), so
/// people used to Cucumber reports get one, and so the messages are proven readable by
/// Cucumber's tools. One self-contained file: scripts, styles and messages are inlined.
/// </summary>
/// <remarks>
/// Cucumber.HtmlFormatter 22.2.0 is built against Cucumber.Messages 30.1.0; it only hands each
/// envelope to the serializer given here, so it runs with the 35.0.0 this project uses (the
/// tests render a real run and check the embedded messages).
/// </remarks>
public static class CucumberHtmlWriter
{
    public const string FileName = "cucumber.html";

    public static string WriteToDirectory(RunRecord record, string directory, StepRegistry? registry = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        using var stream = File.Create(path);
        Write(record, stream, registry);
        return path;
    }

    public static void Write(RunRecord record, Stream stream, StepRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new HtmlReportSettings { Title = $"QDeviceLab run {record.RunId} (Cucumber view)" };
        using var writer = new MessagesToHtmlWriter(
            stream,
            (output, envelope) =>
            {
                output.Write(JsonSerializer.Serialize(envelope, CucumberMessageJson.Options));
                return Task.CompletedTask;
            },
            settings);
        foreach (var envelope in CucumberMessagesWriter.Envelopes(record, registry))
        {
            writer.Write(envelope);
        }
    }
}
