using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

public sealed class MixingChamberTests
{
    [Fact]
    public void Drift_is_seeded_slow_and_has_the_configured_rms()
    {
        var drift = new TemperatureDrift(Amplitude: 0.5e-3, Period: 600);
        var a = new MixingChamber(0.012, drift, seed: 1);
        var b = new MixingChamber(0.012, drift, seed: 1);
        var c = new MixingChamber(0.012, drift, seed: 2);
        var times = Enumerable.Range(0, 6000).Select(i => i * 1.0).ToArray(); // ten slowest periods
        var ta = times.Select(a.TemperatureAt).ToArray();
        Assert.Equal(ta, times.Select(b.TemperatureAt));
        Assert.NotEqual(ta, times.Select(c.TemperatureAt));
        double rms = Math.Sqrt(ta.Average(t => (t - 0.012) * (t - 0.012)));
        Assert.InRange(rms, 0.45e-3, 0.55e-3);
        Assert.All(ta, t => Assert.InRange(t, 0.012 - 4 * 0.5e-3 / Math.Sqrt(2), 0.012 + 4 * 0.5e-3 / Math.Sqrt(2)));
        // Slow: one second of emulated time moves it by a small fraction of the amplitude.
        Assert.All(ta.Zip(ta.Skip(1)), p => Assert.True(Math.Abs(p.Second - p.First) < 0.05e-3));
    }

    [Fact]
    public void No_drift_holds_the_set_point_and_an_excursion_raises_it_only_inside_its_window()
    {
        var chamber = new MixingChamber(0.012, TemperatureDrift.None, seed: 3);
        chamber.Add(new TemperatureExcursion(Peak: 0.2, Start: 10, End: 20));
        Assert.Equal(0.012, chamber.TemperatureAt(9.999));
        Assert.Equal(0.2, chamber.TemperatureAt(10));
        Assert.Equal(0.2, chamber.TemperatureAt(19.999));
        Assert.Equal(0.012, chamber.TemperatureAt(20));
    }
}
