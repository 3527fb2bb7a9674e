using System.Globalization;
using System.Numerics;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Tests.Support;
using static QDeviceLab.Emulation.Tests.Instruments.QubitExperimentTests;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>The emulated R&amp;S SGS100A and what the readout LO it plays does to the IQ clouds.</summary>
public sealed class ReadoutLoTests
{
    private const double CalibratedLo = 7.1e9; // emulated.yaml emulator.readout_lo
    private const double Q0Kappa = 1.6e6;      // emulated.yaml q0 readout.kappa

    [Fact]
    public async Task Sgs100a_sets_frequency_power_and_output_with_units_and_refuses_out_of_range_values()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var lo = new RawScpiClient(station.Resources["lo1"]);
        Assert.Matches(@"^Rohde&Schwarz,SGS100A,1416\.0505k02/[^,]+,[^,]+$", lo.Query("*IDN?"));
        lo.WriteLine("FREQ 7.25GHz;:SOUR:POW:LEV:IMM:AMPL -5 dBm;:OUTP OFF");
        Assert.Equal("7250000000;-5;0", lo.Query("SOUR:FREQ:CW?;:POW?;:OUTP:STAT?"));
        lo.WriteLine("FREQ 20e9");
        lo.WriteLine("POW 30");
        lo.WriteLine("FREQ 5 THz");
        Assert.Matches("^-222,\"Data out of range; frequency.*\",-222,\"Data out of range; level.*\",-224,.*$", lo.Query("SYST:ERR:ALL?"));
        Assert.Equal("7250000000;-5", lo.Query("FREQ?;:POW?"));
        lo.WriteLine("*RST");
        Assert.Equal("1000000000;-20;0", lo.Query("FREQ?;:POW?;:OUTP?"));
        Assert.Equal("1", lo.Query("*OPC?"));
    }

    [Fact]
    public async Task The_readout_lo_starts_as_the_lab_left_it_on_at_the_calibrated_setting()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var lo = new RawScpiClient(station.Resources["lo1"]);
        Assert.Equal(CalibratedLo, double.Parse(lo.Query("FREQ?"), CultureInfo.InvariantCulture));
        Assert.Equal("13;1", lo.Query("POW?;:OUTP?"));
    }

    [Fact]
    public void Downconversion_gain_is_zero_off_a_complex_lorentzian_when_mistuned_and_the_lo_amplitude_when_starved()
    {
        var lo = new ReadoutLoConfiguration("lo1", ["dig1"], CalibratedLo, 13);
        Assert.Equal(Complex.Zero, ReadoutDownconversion.Gain(false, CalibratedLo, 13, lo, Q0Kappa));
        Assert.Equal(Complex.One, ReadoutDownconversion.Gain(true, CalibratedLo, 16, lo, Q0Kappa));
        var halfWidth = ReadoutDownconversion.Gain(true, CalibratedLo + Q0Kappa / 2, 13, lo, Q0Kappa);
        Assert.Equal(1 / Math.Sqrt(2), halfWidth.Magnitude, 12);
        Assert.Equal(-Math.PI / 4, halfWidth.Phase, 12);
        var below = ReadoutDownconversion.Gain(true, CalibratedLo - 3 * Q0Kappa, 13, lo, Q0Kappa);
        Assert.Equal(1 / Math.Sqrt(37), below.Magnitude, 12);
        Assert.True(below.Phase > 0, "a tone below the resonator is rotated the other way");
        Assert.Equal(0.1, ReadoutDownconversion.Gain(true, CalibratedLo, -7, lo, Q0Kappa).Magnitude, 12);
    }

    [Fact]
    public async Task With_the_lo_off_a_pi_pulse_and_no_pulse_give_the_same_cloud_around_zero()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor("q0");
        using (var lo = new RawScpiClient(station.Resources["lo1"]))
        {
            lo.WriteLine("OUTP OFF");
            Assert.Equal("0", lo.Query("OUTP?"));
        }

        ExcitedFraction(station, truth, Play([0f], 0), 2000, out var idle);
        using (var awg = new RawScpiClient(station.Resources["awg1"]))
        {
            awg.WriteLine("AWGC:STOP;:WLIS:WAV:DEL ALL");
            Assert.Equal("0", awg.Query("WLIS:SIZE?"));
        }

        ExcitedFraction(station, truth, Play(PiPulse(truth), 0), 2000, out var flipped);
        var (ground, groundSigma) = Mean(idle);
        var (excited, _) = Mean(flipped);
        double standardError = truth.ReadoutNoise / Math.Sqrt(2000);
        Assert.True((excited - ground).Magnitude < 5 * standardError, $"clouds {ground} and {excited} should coincide with the LO off");
        Assert.True(ground.Magnitude < 5 * standardError, $"with the LO off the cloud sits at the origin, not {ground}");
        Assert.InRange(groundSigma, 0.9 * truth.ReadoutNoise, 1.1 * truth.ReadoutNoise);
    }

    [Fact]
    public async Task A_mistuned_lo_shrinks_and_rotates_the_clouds_as_the_resonator_lorentzian()
    {
        byte[] tuned, mistuned;
        await using (var a = EmulatedStation.Start(StationFiles.Default))
        {
            ExcitedFraction(a, a.TruthFor("q0"), Play([0f], 0), 2000, out tuned);
        }

        await using (var b = EmulatedStation.Start(StationFiles.Default))
        {
            using (var lo = new RawScpiClient(b.Resources["lo1"]))
            {
                lo.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FREQ {CalibratedLo + Q0Kappa / 2:R}"));
                Assert.Equal("1", lo.Query("*OPC?")); // applied before the readout runs on other connections
            }

            ExcitedFraction(b, b.TruthFor("q0"), Play([0f], 0), 2000, out mistuned);
        }

        // Same seed, same draws: only the centres moved, by the factor 1/(1 + i) (|.| = 0.707, -45 degrees).
        var ratio = Mean(mistuned).Mean / Mean(tuned).Mean;
        Assert.Equal(1 / Math.Sqrt(2), ratio.Magnitude, 0.03);
        Assert.Equal(-Math.PI / 4, ratio.Phase, 0.04);
    }

    [Fact]
    public async Task A_starved_lo_lowers_the_signal_but_not_the_noise()
    {
        byte[] full, starved;
        double noise;
        await using (var a = EmulatedStation.Start(StationFiles.Default))
        {
            noise = a.TruthFor("q0").ReadoutNoise;
            ExcitedFraction(a, a.TruthFor("q0"), Play([0f], 0), 2000, out full);
        }

        await using (var b = EmulatedStation.Start(StationFiles.Default))
        {
            using (var lo = new RawScpiClient(b.Resources["lo1"]))
            {
                lo.WriteLine("POW -7"); // 20 dB below the calibrated 13 dBm
                Assert.Equal("-7", lo.Query("POW?")); // applied before the readout runs on other connections
            }

            ExcitedFraction(b, b.TruthFor("q0"), Play([0f], 0), 2000, out starved);
        }

        var (fullMean, _) = Mean(full);
        var (starvedMean, starvedSigma) = Mean(starved);
        Assert.Equal(0.1, starvedMean.Magnitude / fullMean.Magnitude, 0.02);
        Assert.InRange(starvedSigma, 0.93 * noise, 1.07 * noise);
    }

    /// <summary>Mean of I + iQ over the shots, and the rms spread per quadrature about it.</summary>
    private static (Complex Mean, double Sigma) Mean(byte[] raw)
    {
        var iq = Waveforms.Floats(raw, bigEndian: true);
        int shots = iq.Length / 2;
        var points = Enumerable.Range(0, shots).Select(s => new Complex(iq[2 * s], iq[2 * s + 1])).ToArray();
        var mean = points.Aggregate(Complex.Zero, (a, p) => a + p) / shots;
        double variance = points.Sum(p => (p - mean).Magnitude * (p - mean).Magnitude) / (2.0 * (shots - 1));
        return (mean, Math.Sqrt(variance));
    }
}
