using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.RohdeSchwarz;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The SGS100A driver against the emulated SGS100A over loopback, opened through the station loader.</summary>
[Collection(nameof(SequencerDriverTests))]
public sealed class MicrowaveSourceDriverTests
{
    [Fact]
    public async Task Opening_the_station_applies_the_lo_settings_of_the_station_file()
    {
        // A station file whose LO settings differ from the emulator's calibrated power-on state.
        var path = TemporaryStation(File.ReadAllText(RepositoryFiles.EmulatedStation)
            .Replace("      frequency: 7.1e9          # Hz", "      frequency: 7.1025e9       # Hz", StringComparison.Ordinal)
            .Replace("      output: 1                 # 1 = RF on", "      output: 0", StringComparison.Ordinal));
        await using var emulator = EmulatedStation.Start(path);
        await using var station = await Station.OpenAsync(StationFile.Load(path), emulator.Resources);

        var lo = Assert.Single(station.Instruments.OfType<IMicrowaveSource>());
        Assert.Equal("lo1", lo.Name);
        Assert.Equal(("Rohde&Schwarz", "SGS100A"), (lo.Identity.Manufacturer, lo.Identity.Model));
        Assert.Equal(7.1025e9, await lo.GetFrequencyAsync());
        Assert.Equal(13.0, await lo.GetPowerAsync());
        Assert.False(await lo.GetOutputAsync());
    }

    [Fact]
    public async Task A_value_the_source_refuses_throws_the_instruments_range_error_and_keeps_the_old_setting()
    {
        await using var emulator = EmulatedStation.Start(RepositoryFiles.EmulatedStation);
        await using var station = await Station.OpenAsync(StationFile.Load(RepositoryFiles.EmulatedStation), emulator.Resources);
        var lo = station.Instruments.OfType<RohdeSchwarzSgs100a>().Single();

        var error = await Assert.ThrowsAsync<InstrumentErrorException>(() => lo.SetFrequencyAsync(13e9));
        Assert.Equal(-222, error.Code);
        Assert.Contains("SOURce:FREQuency:CW 13000000000", error.Message, StringComparison.Ordinal);
        Assert.Equal(7.1e9, await lo.GetFrequencyAsync());
        await lo.SetPowerAsync(-3.5);
        await lo.SetOutputAsync(false);
        Assert.Equal(-3.5, await lo.GetPowerAsync());
        Assert.False(await lo.GetOutputAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lo.SetPowerAsync(double.NaN));
    }

    [Fact]
    public void A_microwave_source_cannot_stand_in_for_a_digitizer()
    {
        var path = TemporaryStation(File.ReadAllText(RepositoryFiles.EmulatedStation)
            .Replace("readout: { digitizer: dig1, channel: 1 }", "readout: { digitizer: lo1, channel: 1 }", StringComparison.Ordinal));
        var error = Assert.Throws<UserInputException>(() => StationFile.Load(path));
        Assert.Contains("'lo1' is a Rohde & Schwarz SGS100A, which is not a readout digitizer", error.Message, StringComparison.Ordinal);
    }

    private static string TemporaryStation(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("qdl-lo-").FullName, "station.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}

/// <summary>Files of the repository the tests run in.</summary>
internal static class RepositoryFiles
{
    public static string EmulatedStation { get; } = Find("instruments", "stations", "emulated.yaml");

    private static string Find(params string[] parts)
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
