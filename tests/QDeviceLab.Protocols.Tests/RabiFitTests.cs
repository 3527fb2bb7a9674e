using QDeviceLab.Core;
using QDeviceLab.Protocols.Calibration;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Tests;

public sealed class RabiFitTests
{
    internal static AmplitudeSweepData Synthetic(double piAmplitude, double last, int count, int shots, int seed)
    {
        var random = new Random(seed);
        var points = RabiAmplitude.LinearAmplitudes(count, 0, last).Select(a =>
        {
            var p = 0.49 - 0.47 * Math.Cos(Math.PI * a / piAmplitude);
            return new AmplitudePoint(a, Enumerable.Range(0, shots).Count(_ => random.NextDouble() < p), shots);
        }).ToArray();
        return new AmplitudeSweepData
        {
            Protocol = RabiAmplitude.ProtocolName,
            Qubit = "q0",
            StartedUtc = DateTimeOffset.UnixEpoch,
            Complete = true,
            Settings = new Dictionary<string, double> { ["shots"] = shots, ["pi_duration"] = 40e-9 },
            Instruments = new Dictionary<string, string>(),
            Points = points,
            ShotsFile = "none.csv",
        };
    }

    [Theory]
    [InlineData(1, 0.449, 0.48)]
    [InlineData(2, 0.30, 0.48)]
    [InlineData(3, 0.20, 0.48)]
    public void Rabi_fit_recovers_the_pi_amplitude_within_three_uncertainties(int seed, double piAmplitude, double last)
    {
        var result = RabiAmplitude.Fit(Synthetic(piAmplitude, last, 25, 500, seed));
        Assert.Equal("A_pi", result.Metric);
        Assert.Equal("V", result.Value.Unit);
        Assert.True(Math.Abs(result.Value.Value - piAmplitude) < 3 * result.Value.StandardUncertainty, $"A_pi = {result.Value} vs truth {piAmplitude}");
        Assert.InRange(result.Value.StandardUncertainty / piAmplitude, 1e-4, 0.02);
    }

    [Fact]
    public void A_flat_sweep_gives_no_usable_pi_amplitude()
    {
        var data = Synthetic(0.4, 0.4, 10, 200, 1) with
        {
            Points = Enumerable.Range(0, 10).Select(i => new AmplitudePoint(i * 0.01, 0, 200)).ToArray(),
        };
        Assert.Throws<MeasurementException>(() => RabiAmplitude.Fit(data));
    }

    [Fact]
    public void Amplitude_sweeps_need_six_increasing_amplitudes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RabiAmplitude.LinearAmplitudes(5, 0, 0.4));
        Assert.Throws<ArgumentException>(() => RabiAmplitude.LinearAmplitudes(10, 0.4, 0));
        Assert.Equal(0.4, RabiAmplitude.LinearAmplitudes(11, 0, 0.4)[^1], 15);
    }
}
