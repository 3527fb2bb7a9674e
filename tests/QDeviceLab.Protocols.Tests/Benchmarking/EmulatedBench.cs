using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

/// <summary>
/// The repository's emulated station, started on loopback and opened as a real station, shared
/// by the RB end-to-end tests of one class.
/// </summary>
public sealed class EmulatedBench : IAsyncLifetime
{
    private EmulatedStation? _emulator;
    private Station? _station;

    public string RawDirectory { get; } = Directory.CreateTempSubdirectory("qdl-rb-").FullName;

    public EmulatedStation Emulator => _emulator ?? throw new InvalidOperationException("not started");

    public Station Station => _station ?? throw new InvalidOperationException("not started");

    public static string StationFilePath => Path.Combine(RepositoryRoot(), "instruments", "stations", "emulated.yaml");

    public async Task InitializeAsync()
    {
        _emulator = EmulatedStation.Start(StationFilePath, 20261128);
        _station = await Station.OpenAsync(StationFile.Load(StationFilePath), _emulator.Resources, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_station is not null)
        {
            await _station.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        Directory.Delete(RawDirectory, recursive: true);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QDeviceLab.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("tests must run inside the repository");
    }
}
