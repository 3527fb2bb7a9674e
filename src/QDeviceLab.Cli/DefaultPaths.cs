namespace QDeviceLab.Cli;

/// <summary>
/// Where <c>qdlab</c> looks when the command line does not say: the working directory first
/// (a checkout of the repository), then the copies shipped next to the executable.
/// </summary>
internal static class DefaultPaths
{
    public const string FeaturesFolder = "features";

    public const string StandardsFolder = "standards";

    public static readonly string EmulatedStation = Path.Combine("instruments", "stations", "emulated.yaml");

    public static string Find(string relative)
    {
        var inWorkingDirectory = Path.GetFullPath(relative);
        if (File.Exists(inWorkingDirectory) || Directory.Exists(inWorkingDirectory))
        {
            return inWorkingDirectory;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, relative);
        if (File.Exists(shipped) || Directory.Exists(shipped))
        {
            return shipped;
        }

        throw new UsageException($"no '{relative}' in {Directory.GetCurrentDirectory()} or next to qdlab; pass the path explicitly");
    }

    /// <summary>A new run folder under ./qdlab-runs named by UTC time.</summary>
    public static string NewRunFolder(DateTimeOffset now) =>
        Path.GetFullPath(Path.Combine("qdlab-runs", now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)));
}
