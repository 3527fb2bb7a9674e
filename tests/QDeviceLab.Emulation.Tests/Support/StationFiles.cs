namespace QDeviceLab.Emulation.Tests.Support;

/// <summary>The repository's default station file, and temporary variants of it.</summary>
internal static class StationFiles
{
    public static string Default { get; } = Find();

    /// <summary>Writes <paramref name="yaml"/> to a fresh temporary file and returns its path.</summary>
    public static string Temporary(string yaml)
    {
        string dir = Path.Combine(Path.GetTempPath(), "qdlab-emulation-tests");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>The default station text with one exact substring replaced.</summary>
    public static string DefaultWith(string find, string replace)
    {
        string text = File.ReadAllText(Default);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Temporary(text.Replace(find, replace, StringComparison.Ordinal));
    }

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
