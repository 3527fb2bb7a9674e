using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>Whole experiments driven over real loopback sockets, byte for byte as a harness would.</summary>
public sealed class QubitExperimentTests
{
    private const double SampleRate = 2.5e9; // AWG default
    private const double VoltsPerUnit = 0.25; // default 0.5 Vpp

    [Fact]
    public async Task A_pi_pulse_makes_the_excited_cloud_dominate()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor("q0");
        double excited = ExcitedFraction(station, truth, Play(PiPulse(truth), 0), shots: 2000, out _);
        Assert.InRange(excited, 0.9, 1.0);
    }

    [Fact]
    public async Task Without_a_pulse_the_qubit_reads_ground()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor("q0");
        double excited = ExcitedFraction(station, truth, Play([0f], 0), shots: 2000, out _);
        Assert.InRange(excited, 0.0, 0.05);
    }

    [Fact]
    public async Task T1_decay_is_visible_after_a_delay_of_one_T1()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor("q0");
        int delay = (int)Math.Round(truth.T1 * SampleRate);
        double excited = ExcitedFraction(station, truth, Play(PiPulse(truth), delay), shots: 4000, out _);
        double expected = Math.Exp(-1) * (1 - truth.P0Given1) + (1 - Math.Exp(-1)) * truth.P1Given0;
        Assert.InRange(excited, expected - 0.04, expected + 0.04);
    }

    [Fact]
    public async Task Same_seed_gives_identical_bytes_and_another_seed_does_not()
    {
        byte[] first, second, other;
        await using (var a = EmulatedStation.Start(StationFiles.Default))
        {
            ExcitedFraction(a, a.TruthFor("q0"), Play(PiPulse(a.TruthFor("q0")), 500), 500, out first);
        }

        await using (var b = EmulatedStation.Start(StationFiles.Default))
        {
            ExcitedFraction(b, b.TruthFor("q0"), Play(PiPulse(b.TruthFor("q0")), 500), 500, out second);
        }

        await using (var c = EmulatedStation.Start(StationFiles.Default, seedOverride: 7))
        {
            Assert.Equal(7, c.Seed);
            ExcitedFraction(c, c.TruthFor("q0"), Play(PiPulse(c.TruthFor("q0")), 500), 500, out other);
        }

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task An_output_switched_off_does_not_drive_the_qubit()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor("q0");
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        Upload(awg, "pi", PiPulse(truth));
        awg.WriteLine("SOUR1:CASS:WAV \"pi\";:OUTP1 OFF;:AWGC:RUN");
        Assert.Equal("2", awg.Query("AWGC:RST?")); // running before the digitizer is armed on its own connection
        dig.WriteLine("ACQ:SHOT 500;:INIT");
        Assert.Equal("1", dig.Query("*OPC?"));
        Assert.Equal("DONE", dig.Query("ACQ:STAT?"));
        dig.WriteLine("FETC:IQ? 1");
        var iq = Waveforms.Floats(dig.ReadBlock(), bigEndian: true);
        Assert.True(Classify(iq, truth) < 0.05);
    }

    internal static float[] PiPulse(QubitTruth truth)
    {
        // 100 samples (40 ns) of a square pulse on I whose area is half a Rabi period.
        const int length = 100;
        double volts = 1.0 / (2 * truth.RabiRatePerVolt * (length / SampleRate));
        return Enumerable.Repeat((float)(volts / VoltsPerUnit), length).ToArray();
    }

    internal static float[] Play(float[] pulse, int delaySamples) => [.. pulse, .. new float[delaySamples]];

    internal static void Upload(RawScpiClient awg, string name, float[] samples)
    {
        awg.WriteLine($"WLISt:WAVeform:NEW \"{name}\",{samples.Length}");
        awg.Write(Waveforms.DataCommand(name, samples));
        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
    }

    /// <summary>Uploads <paramref name="waveform"/> to q0's I channel, runs, acquires and returns the excited fraction.</summary>
    internal static double ExcitedFraction(EmulatedStation station, QubitTruth truth, float[] waveform, int shots, out byte[] raw)
    {
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        Upload(awg, "experiment", waveform);
        awg.WriteLine("SOURce1:CASSet:WAVeform \"experiment\"");
        awg.WriteLine("OUTPut1:STATe ON");
        dig.WriteLine($"ACQuire:SHOTs {shots}");
        dig.WriteLine("INITiate");
        Assert.Equal("ARMED", dig.Query("ACQuire:STATe?"));
        awg.WriteLine("AWGControl:RUN");
        Assert.Equal("2", awg.Query("AWGControl:RSTate?"));
        Assert.Equal("1", dig.Query("*OPC?"));
        dig.WriteLine("FETCh:IQ? 1");
        raw = dig.ReadBlock();
        Assert.Equal(8 * shots, raw.Length);
        Assert.Equal("0,\"No error\"", dig.Query("SYST:ERR?"));
        return Classify(Waveforms.Floats(raw, bigEndian: true), truth);
    }

    internal static double Classify(float[] iq, QubitTruth truth)
    {
        int excited = 0;
        int shots = iq.Length / 2;
        for (int s = 0; s < shots; s++)
        {
            double dg = Sq(iq[2 * s] - truth.GroundI) + Sq(iq[2 * s + 1] - truth.GroundQ);
            double de = Sq(iq[2 * s] - truth.ExcitedI) + Sq(iq[2 * s + 1] - truth.ExcitedQ);
            if (de < dg)
            {
                excited++;
            }
        }

        return excited / (double)shots;
    }

    private static double Sq(double x) => x * x;
}
