namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>The repository's embedded emulated station, found above the test binaries.</summary>
internal static class StationFile
{
    public static string Default { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "instruments", "stations", "emulated.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("instruments/stations/emulated.yaml not found above the test binaries");
    }
}
