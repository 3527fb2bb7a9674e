using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.OxfordInstruments;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The Triton driver against the emulated Triton over TCP, as the station's mixing-chamber monitor.</summary>
[Collection(nameof(SequencerDriverTests))]
public sealed class TritonDriverTests
{
    [Fact]
    public async Task A_triton_monitor_reads_the_mixing_chamber_the_bridge_reads()
    {
        var yaml = File.ReadAllText(RepositoryFiles.EmulatedStation)
            .Replace("monitor: bridge\n    channel: 6", "monitor: fridge\n    channel: T8", StringComparison.Ordinal);
        var path = Path.Combine(Directory.CreateTempSubdirectory("qdl-triton-").FullName, "station.yaml");
        await File.WriteAllTextAsync(path, yaml);
        await using var emulator = EmulatedStation.Start(path);
        await using var station = await Station.OpenAsync(StationFile.Load(path), emulator.Resources);

        var triton = station.Instruments.OfType<OxfordInstrumentsTriton>().Single();
        Assert.Equal(("OXFORD INSTRUMENTS", "TRITON"), (triton.Identity.Manufacturer, triton.Identity.Model));
        Assert.Equal("T8", await triton.ReadMixingChamberChannelAsync());
        Assert.Equal("OK", await triton.ReadStatusAsync());
        Assert.InRange(await station.ReadMixingChamberTemperatureAsync(), 0.0118, 0.0122);
        var bridge = station.Instruments.OfType<LakeShore.LakeShoreModel372>().Single();
        Assert.InRange(await triton.ReadTemperatureAsync("8") / await bridge.ReadTemperatureAsync("A"), 0.99, 1.01);
    }

    [Fact]
    public async Task A_thermometer_the_triton_does_not_have_is_the_instruments_own_answer()
    {
        await using var emulator = EmulatedStation.Start(RepositoryFiles.EmulatedStation);
        await using var station = await Station.OpenAsync(StationFile.Load(RepositoryFiles.EmulatedStation), emulator.Resources);
        var triton = station.Instruments.OfType<OxfordInstrumentsTriton>().Single();

        var error = await Assert.ThrowsAsync<InstrumentErrorException>(() => triton.ReadTemperatureAsync("T9"));
        Assert.Contains("NOT_FOUND", error.Description, StringComparison.Ordinal);
        Assert.Contains("READ:DEV:T9:TEMP:SIG:TEMP", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OxfordInstrumentsTriton.NormalizeChannel("T17"));
        Assert.Equal("T3", OxfordInstrumentsTriton.NormalizeChannel(" t3 "));
        Assert.InRange(await triton.ReadTemperatureAsync("T7"), 49.5, 50.5);
    }
}
