using QDeviceLab.Core;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Tests;

public sealed class CoherenceFitTests
{
    /// <summary>Binomially sampled sweep of a known excited-population curve, as the acquisition stage would record it.</summary>
    internal static DelaySweepData Synthetic(string protocol, Func<double, double> p1, double[] delays, int shots, int seed, Dictionary<string, double>? settings = null)
    {
        var random = new Random(seed);
        var points = delays.Select(t =>
        {
            var p = p1(t);
            var excited = Enumerable.Range(0, shots).Count(_ => random.NextDouble() < p);
            return new DelayPoint(t, excited, shots);
        }).ToArray();
        return new DelaySweepData
        {
            Protocol = protocol,
            Qubit = "q0",
            StartedUtc = DateTimeOffset.UnixEpoch,
            Complete = true,
            Settings = new Dictionary<string, double>(settings ?? []) { ["shots"] = shots },
            Instruments = new Dictionary<string, string>(),
            Points = points,
            ShotsFile = "none.csv",
        };
    }

    private static double[] Linear(int n, double last) => Enumerable.Range(0, n).Select(i => last * i / (n - 1)).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void T1_fit_recovers_the_decay_time_within_its_uncertainty(int seed)
    {
        const double t1 = 45e-6;
        var data = Synthetic(T1InversionRecovery.ProtocolName, t => 0.93 * Math.Exp(-t / t1) + 0.02, Linear(31, 240e-6), 400, seed);
        var result = T1InversionRecovery.Fit(data);
        Assert.Equal("T1", result.Metric);
        Assert.Equal("s", result.Value.Unit);
        Assert.True(Math.Abs(result.Value.Value - t1) < 4 * result.Value.StandardUncertainty,
            $"T1 = {result.Value} vs truth {t1}");
        Assert.InRange(result.Value.StandardUncertainty / t1, 0.005, 0.1);
        Assert.Contains("Inversion recovery", result.Method, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0.55e6)]
    [InlineData(2, 0.18e6)]
    [InlineData(3, 0.62e6)]
    public void T2_star_fit_recovers_the_ramsey_decay_time_within_its_uncertainty(int seed, double fringe)
    {
        const double t2 = 30e-6;
        var data = Synthetic(T2StarRamsey.ProtocolName, t => 0.46 * Math.Exp(-t / t2) * Math.Cos(2 * Math.PI * fringe * t) + 0.5, Linear(181, 90e-6), 400, seed,
            new Dictionary<string, double> { ["artificial_detuning"] = 0.4e6 });
        var result = T2StarRamsey.Fit(data);
        Assert.Equal("T2*", result.Metric);
        Assert.True(Math.Abs(result.Value.Value - t2) < 4 * result.Value.StandardUncertainty,
            $"T2* = {result.Value} vs truth {t2}");
        Assert.Equal(fringe, Math.Abs(result.Fit.Parameter("f").Value), fringe * 0.02);
    }

    [Fact]
    public void Too_few_delays_cannot_be_fitted()
    {
        var data = Synthetic(T1InversionRecovery.ProtocolName, t => Math.Exp(-t / 1e-5), Linear(4, 5e-5), 100, 1);
        Assert.Throws<MeasurementException>(() => T1InversionRecovery.Fit(data));
    }

    [Fact]
    public void Delay_sweeps_need_enough_points_and_shots()
    {
        Assert.Throws<ArgumentException>(() => DelaySweepParameters.Linear(5, 0, 1e-4, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => DelaySweepParameters.Linear(10, 0, 1e-4, 5));
        Assert.Throws<ArgumentException>(() => DelaySweepParameters.Linear(10, 1e-4, 0, 100));
        var sweep = DelaySweepParameters.Linear(11, 0, 1e-4, 100);
        Assert.Equal(1e-5, sweep.Delays[1], 15);
        Assert.Equal(1e-4, sweep.Delays[^1], 15);
    }
}
