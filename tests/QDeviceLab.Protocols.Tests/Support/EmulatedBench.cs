using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Protocols.Tests.Support;

/// <summary>
/// The repository's emulated station, started on loopback with a given seed and opened through
/// the ordinary station loader: protocols under test see real drivers on real sockets.
/// </summary>
internal sealed class EmulatedBench : IAsyncDisposable
{
    private EmulatedBench(EmulatedStation emulator, Station station, string rawFolder)
    {
        Emulator = emulator;
        Station = station;
        RawFolder = rawFolder;
    }

    public EmulatedStation Emulator { get; }

    public Station Station { get; }

    /// <summary>A fresh temporary folder for raw data, deleted on dispose.</summary>
    public string RawFolder { get; }

    public static string StationPath { get; } = FindRepositoryFile("instruments", "stations", "emulated.yaml");

    public static async Task<EmulatedBench> StartAsync(int seed)
    {
        var emulator = EmulatedStation.Start(StationPath, seed);
        try
        {
            var station = await Station.OpenAsync(StationFile.Load(StationPath), emulator.Resources);
            return new EmulatedBench(emulator, station, Directory.CreateTempSubdirectory("qdl-proto-").FullName);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Station.DisposeAsync();
        await Emulator.DisposeAsync();
        Directory.Delete(RawFolder, recursive: true);
    }

    private static string FindRepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QDeviceLab.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new InvalidOperationException("tests must run inside the repository")
            : Path.Combine([directory.FullName, .. parts]);
    }
}
