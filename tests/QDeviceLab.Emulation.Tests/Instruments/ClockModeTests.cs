using System.Diagnostics;
using QDeviceLab.Core;
using QDeviceLab.Emulation.Tests.Support;
using static QDeviceLab.Emulation.Tests.Instruments.QubitExperimentTests;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary><c>emulator.clock</c>: fast (default) or realtime, where an acquisition takes its device time.</summary>
public sealed class ClockModeTests
{
    private static string Realtime() => StationFiles.DefaultWith("  seed: 20261128\n", "  seed: 20261128\n  clock: realtime\n");

    [Fact]
    public async Task A_realtime_acquisition_takes_at_least_its_device_time_and_gives_the_same_bytes()
    {
        const int shots = 200;
        var play = Play([0f], 0); // one sample at 2.5 GS/s
        double deviceTime = shots * (play.Length / 2.5e9 + 100e-6); // about 20 ms

        byte[] fast, realtime;
        await using (var a = EmulatedStation.Start(StationFiles.Default))
        {
            Assert.False(a.RealtimeClock);
            ExcitedFraction(a, a.TruthFor("q0"), play, shots, out fast);
        }

        await using (var b = EmulatedStation.Start(Realtime()))
        {
            Assert.True(b.RealtimeClock);
            var wall = Stopwatch.StartNew();
            double before = b.EmulatedSeconds;
            ExcitedFraction(b, b.TruthFor("q0"), play, shots, out realtime);
            wall.Stop();
            Assert.True(b.EmulatedSeconds - before >= deviceTime, "emulated time includes the acquisition");
            Assert.True(wall.Elapsed.TotalSeconds >= deviceTime, $"{wall.Elapsed.TotalSeconds:G3} s of wall time for {deviceTime:G3} s of device time");
        }

        Assert.Equal(fast, realtime);
    }

    [Fact]
    public void An_unknown_clock_mode_names_the_field_and_the_choices()
    {
        var path = StationFiles.DefaultWith("  seed: 20261128\n", "  seed: 20261128\n  clock: slow\n");
        var error = Assert.Throws<UserInputException>(() => EmulatedStation.Start(path));
        Assert.Contains("field 'emulator.clock': expected 'fast'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'realtime'", error.Message, StringComparison.Ordinal);
    }
}
