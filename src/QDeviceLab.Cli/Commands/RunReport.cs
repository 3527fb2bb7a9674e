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

    public static void WriteAll(RunRecord record, string directory)
    {
        ReportJsonWriter.WriteToDirectory(record, directory);
        JUnitXmlWriter.WriteToDirectory(record, directory);
    }
}
