using System.Reflection;
using QDeviceLab.Conformance;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Cli.Commands;

/// <summary>Fills the run record with what only the CLI knows and writes every report format.</summary>
internal static class RunReport
{
    public static string SoftwareVersion { get; } =
        typeof(RunReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RunRecord Complete(RunRecord record, DateTimeOffset started, string commandLine, Station station, ProfileSet profiles) => record with
    {
        StartedUtc = started,
        CommandLine = commandLine,
        SoftwareVersion = SoftwareVersion,
        Station = new StationInfo(
            station.Name,
            station.Definition.FilePath,
            station.Definition.Sha256,
            station.Instruments.Select(i => new InstrumentInfo(
                i.Name,
                station.Definition.Instruments[i.Name].Model,
                i.Resource,
                i.Identity.Raw,
                station.Definition.Instruments[i.Name].CalibrationDue)).ToList()),
        Profiles = profiles.Profiles.Select(p => p.Info).ToList(),
    };

    public static void WriteAll(RunRecord record, string directory)
    {
        ReportJsonWriter.WriteToDirectory(record, directory);
        JUnitXmlWriter.WriteToDirectory(record, directory);
    }
}
