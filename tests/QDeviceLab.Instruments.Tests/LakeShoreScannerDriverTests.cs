using QDeviceLab.Emulation;
using QDeviceLab.Instruments.LakeShore;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The Lake Shore 372 driver's scanner commands against the emulated bridge over its TCP socket.</summary>
[Collection(nameof(SequencerDriverTests))]
public sealed class LakeShoreScannerDriverTests
{
    [Fact]
    public async Task Readings_are_fresh_only_on_the_scanned_input_once_its_pause_has_passed()
    {
        await using var emulator = EmulatedStation.Start(RepositoryFiles.EmulatedStation);
        await using var station = await Station.OpenAsync(StationFile.Load(RepositoryFiles.EmulatedStation), emulator.Resources);
        var bridge = station.Instruments.OfType<LakeShoreModel372>().Single();
        Assert.EndsWith("::SOCKET", bridge.Resource, StringComparison.Ordinal);

        Assert.Equal((6, false), await bridge.GetScanAsync());
        var first = await bridge.ReadTemperatureAsync("6");
        Assert.NotEqual(first, await bridge.ReadTemperatureAsync("6")); // fresh: a new noisy reading each time
        Assert.InRange(first, 0.0115, 0.0125);

        await bridge.ScanAsync(1, autoscan: false);
        var held = await bridge.ReadTemperatureAsync("6");
        Assert.Equal(held, await bridge.ReadTemperatureAsync("6"));       // not scanned: the last reading, again
        var ohms = await bridge.ReadResistanceAsync("6");
        Assert.Equal(1000 * Math.Exp(Math.Sqrt(0.1 / held)), ohms, ohms * 2e-5);

        await bridge.ScanAsync(6, autoscan: false);
        Assert.Equal(held, await bridge.ReadTemperatureAsync("6"));       // settling for its 3 s pause
        await SpendEmulatedSecondsAsync(station, 4);
        Assert.NotEqual(await bridge.ReadTemperatureAsync("6"), await bridge.ReadTemperatureAsync("6"));
    }

    [Fact]
    public async Task Scan_times_are_set_keeping_the_inputs_curve_and_out_of_range_inputs_are_refused_before_sending()
    {
        await using var emulator = EmulatedStation.Start(RepositoryFiles.EmulatedStation);
        await using var station = await Station.OpenAsync(StationFile.Load(RepositoryFiles.EmulatedStation), emulator.Resources);
        var bridge = station.Instruments.OfType<LakeShoreModel372>().Single();
        await using var probe = await MessageSession.OpenAsync(emulator.Resources["bridge"]);

        await bridge.SetScanTimesAsync(2, enabled: false, dwellSeconds: 5, pauseSeconds: 4);

        // INSET is a bare write; a query on the driver's own connection is answered only after it,
        // while the probe's connection is served by another thread and could overtake it.
        _ = await bridge.GetScanAsync();
        Assert.Equal("0,005,004,00,1", (await probe.QueryAsync("INSET? 2")).Trim());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bridge.ScanAsync(17, autoscan: false));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bridge.SetScanTimesAsync(3, true, 10, 2));
        Assert.Equal((6, false), await bridge.GetScanAsync());
    }

    /// <summary>Emulated time passes with the station's work: one acquisition of N shots of 100 us each.</summary>
    private static async Task SpendEmulatedSecondsAsync(Station station, double seconds)
    {
        var q0 = station.Qubit("q0");
        await q0.Awg.UploadWaveformAsync("idle", new double[16]);
        await q0.Awg.AssignWaveformAsync(q0.InPhaseChannel, "idle");
        await q0.Awg.SetOutputAsync(q0.InPhaseChannel, true);
        await q0.Awg.RunAsync();
        await q0.Digitizer.ArmAsync((int)(seconds / 100e-6));
        await q0.Digitizer.WaitForAcquisitionAsync();
        await q0.Awg.StopAsync();
    }
}
