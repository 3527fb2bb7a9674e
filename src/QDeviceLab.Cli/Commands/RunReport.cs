using System.Reflection;
using QDeviceLab.Conformance;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Cli.Commands;

/// <summary>Fills the run record with what only the CLI knows and writes every report format.</summary>
internal static class RunReport
{
    public static string SoftwareVersion { get; } =
        typeof(RunReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <param name="station">The opened station, or null when nothing was opened (dry run): identities are then unknown.</param>
    public static RunRecord Complete(RunRecord record, DateTimeOffset started, string commandLine, StationDefinition definition, Station? station, ProfileSet profiles) => record with
    {
        StartedUtc = started,
        CommandLine = commandLine,
        SoftwareVersion = SoftwareVersion,
        Station = new StationInfo(
            definition.Name,
            definition.FilePath,
            definition.Sha256,
            definition.Instruments.Values.Select(i =>
            {
                var opened = station?.Instruments.First(o => o.Name == i.Name);
                return new InstrumentInfo(i.Name, i.Model, opened?.Resource ?? i.Resource, opened?.Identity.Raw, i.CalibrationDue);
            }).ToList()),
        Profiles = profiles.Profiles.Select(p => p.Info).ToList(),
    };

    /// <summary>
    /// Writes run-record.json, report.json, junit.xml, report.html, messages.ndjson and cucumber.html, then
    /// manifest.json over the whole folder (signed when <paramref name="signingKeyPath"/> names
    /// an EC P-256 private key PEM). Returns the record as written, environment log and feature
    /// sources included.
    /// </summary>
    public static RunRecord WriteAll(RunRecord record, string directory, string? signingKeyPath = null)
    {
        var complete = ReportFolder.Complete(record, directory);
        ReportFolder.Write(complete, directory, Conformance.Steps.StepLibrary.Create(), ReadKey(signingKeyPath));
        return complete;
    }

    /// <summary>The PEM text of a key file; a missing file is the user's mistake, not a crash.</summary>
    internal static string? ReadKey(string? path)
    {
        if (path is null)
        {
            return null;
        }

        return File.Exists(path) ? File.ReadAllText(path) : throw new UsageException($"key file '{path}' does not exist");
    }
}
