using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>
/// The default station's coupled pair q0-q1 (flux line on awg2 channel 3) driven over real loopback sockets:
/// a CZ between two pi/2 pulses entangles the qubits and their shots come out correlated.
/// </summary>
public sealed class CoupledPairStationTests
{
    private const double Dt = 1 / 2.5e9;      // AWG default sample rate
    private const double DriveVoltsPerUnit = 0.25; // default 0.5 Vpp
    private const double FluxVoltsPerUnit = 0.5;   // the flux channel is set to 1.0 Vpp
    private const int Pulse = 100;             // 40 ns pi/2 pulses
    private const int Cz = 150;                // 60 ns flux pulse

    [Fact]
    public async Task A_CZ_between_pi_half_pulses_gives_correlated_shots_and_without_flux_they_are_not()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var (a, b) = Shots(station, withFlux: true, shots: 3000, out _, out _);
        double agree = Agreement(a, b);
        Assert.InRange(agree, 0.88, 1.0);
        Assert.InRange(a.Average(x => x ? 1.0 : 0.0), 0.4, 0.6);
        Assert.InRange(b.Average(x => x ? 1.0 : 0.0), 0.4, 0.6);

        var (a0, b0) = Shots(station, withFlux: false, shots: 3000, out _, out _);
        Assert.InRange(Agreement(a0, b0), 0.44, 0.56);
        // Without the CZ the last pulse takes q1 from |+> back to |0>.
        Assert.InRange(b0.Average(x => x ? 1.0 : 0.0), 0.0, 0.1);
    }

    [Fact]
    public async Task Same_seed_gives_identical_pair_bytes_and_another_seed_does_not()
    {
        byte[] firstA, firstB, secondA, secondB, otherA;
        await using (var s = EmulatedStation.Start(StationFiles.Default))
        {
            Shots(s, withFlux: true, shots: 400, out firstA, out firstB);
        }

        await using (var s = EmulatedStation.Start(StationFiles.Default))
        {
            Shots(s, withFlux: true, shots: 400, out secondA, out secondB);
        }

        await using (var s = EmulatedStation.Start(StationFiles.Default, seedOverride: 7))
        {
            Shots(s, withFlux: true, shots: 400, out otherA, out _);
        }

        Assert.Equal(firstA, secondA);
        Assert.Equal(firstB, secondB);
        Assert.NotEqual(firstA, otherA);
    }

    [Theory]
    [InlineData("q0", "awg1", 1, "dig1", 1)]
    [InlineData("q2", "awg1", 5, "dig1", 3)]
    [InlineData("q4", "awg2", 1, "dig2", 1)]
    public async Task Lone_qubit_experiments_give_the_same_bytes_with_and_without_the_coupling(string qubit, string awg, int channel, string digitizer, int readout)
    {
        string uncoupled = StationFiles.Temporary(WithoutPairs(File.ReadAllText(StationFiles.Default)));
        byte[] coupled, alone;
        await using (var s = EmulatedStation.Start(StationFiles.Default))
        {
            Assert.Single(s.CouplingTruths);
            coupled = LoneExperiment(s, s.TruthFor(qubit), awg, channel, digitizer, readout);
        }

        await using (var s = EmulatedStation.Start(uncoupled))
        {
            Assert.Empty(s.CouplingTruths);
            alone = LoneExperiment(s, s.TruthFor(qubit), awg, channel, digitizer, readout);
        }

        Assert.Equal(alone, coupled);
    }

    [Fact]
    public async Task Every_channels_shots_are_the_same_whichever_channels_are_fetched_and_in_which_order()
    {
        // Shots are drawn when a channel is first fetched, from what the trigger captured: the order of the
        // fetches (the pair's second qubit first, a channel twice) must not change a byte.
        var inOrder = await FetchAfterOnePlay(StationFiles.Default, [1, 2, 3, 4]);
        var reversed = await FetchAfterOnePlay(StationFiles.Default, [4, 2, 3, 1, 2]);
        for (int channel = 1; channel <= 4; channel++)
        {
            Assert.Equal(inOrder[channel], reversed[channel]);
        }

        Assert.Equal(2 * 300 * sizeof(float), inOrder[1].Length);
        Assert.NotEqual(inOrder[1], inOrder[2]);
    }

    private static async Task<Dictionary<int, byte[]>> FetchAfterOnePlay(string stationPath, int[] order)
    {
        await using var station = EmulatedStation.Start(stationPath);
        var truth = station.TruthFor("q0");
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        QubitExperimentTests.Upload(awg, "pi", QubitExperimentTests.Play(QubitExperimentTests.PiPulse(truth), 200));
        awg.WriteLine("SOURce1:CASSet:WAVeform \"pi\";:OUTPut1:STATe ON;:AWGControl:RUN");
        Assert.Equal("2", awg.Query("AWGControl:RSTate?"));
        dig.WriteLine("ACQuire:SHOTs 300;:INITiate");
        Assert.Equal("1", dig.Query("*OPC?"));
        var fetched = new Dictionary<int, byte[]>();
        foreach (int channel in order)
        {
            dig.WriteLine($"FETCh:IQ? {channel}");
            var bytes = dig.ReadBlock();
            if (fetched.TryGetValue(channel, out var before))
            {
                Assert.Equal(before, bytes);
            }

            fetched[channel] = bytes;
        }

        return fetched;
    }

    [Fact]
    public async Task The_station_reports_the_true_coupling()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.CouplingTruths["q0_q1"];
        Assert.Equal(("q0", "q1"), (truth.QubitA, truth.QubitB));
        Assert.Equal(-60e3, truth.StaticZzHz);
        Assert.Equal(1e8, truth.ZzPerVoltSquared);
        Assert.Equal(0.289712501, truth.ControlledZAmplitude(60e-9), 9);
    }

    [Theory]
    [InlineData("qubits: [q0, q1]", "qubits: [q0, q4]", "pairs.q0_q1.qubits", "one digitizer")]
    [InlineData("qubits: [q0, q1]", "qubits: [q0, q0]", "pairs.q0_q1.qubits", "two different qubits")]
    [InlineData("flux: { awg: awg2, channel: 3 }", "flux: { awg: awg2, channel: 2 }", "pairs.q0_q1.flux", "q4's lines")]
    [InlineData("flux: { awg: awg2, channel: 3 }", "flux: { awg: dig1, channel: 3 }", "pairs.q0_q1.flux.awg", "Tektronix AWG5208")]
    [InlineData("      zz: -60.0e3 ", "      zzz: -60.0e3 ", "emulator.couplings.q0_q1.zz", "is missing")]
    [InlineData("  couplings:\n    q0_q1:", "  couplings:\n    q0_q2:", "emulator.couplings.q0_q1", "is missing")]
    public void A_bad_pair_names_file_line_and_field(string find, string replace, string field, string expected)
    {
        string path = StationFiles.DefaultWith(find, replace);
        var e = Assert.Throws<QDeviceLab.Core.UserInputException>(() => EmulatedStation.Start(path));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Line);
    }

    /// <summary>The default station's text without its coupled pair (both the <c>pairs</c> and <c>emulator.couplings</c> blocks).</summary>
    internal static string WithoutPairs(string text)
    {
        int pairs = text.IndexOf("\npairs:", StringComparison.Ordinal);
        int emulator = text.IndexOf("\nemulator:", StringComparison.Ordinal);
        text = text[..pairs] + text[emulator..];
        int couplings = text.IndexOf("\n  couplings:", StringComparison.Ordinal);
        int end = text.IndexOf("\n  ", couplings + 1, StringComparison.Ordinal);
        while (end >= 0 && text.AsSpan(end + 3).StartsWith("  "))
        {
            end = text.IndexOf("\n  ", end + 1, StringComparison.Ordinal);
        }

        Assert.True(couplings > 0);
        return end < 0 ? text[..couplings] + "\n" : text[..couplings] + text[end..];
    }

    private static byte[] LoneExperiment(EmulatedStation station, QubitTruth truth, string awgName, int channel, string digitizerName, int readout)
    {
        using var awg = new RawScpiClient(station.Resources[awgName]);
        using var dig = new RawScpiClient(station.Resources[digitizerName]);
        // A pi/2 pulse and a 2 us idle: a Ramsey-like point that shows any frequency shift.
        var wave = QubitExperimentTests.Play(Scale(QubitExperimentTests.PiPulse(truth), 0.5f), 5000);
        QubitExperimentTests.Upload(awg, "lone", wave);
        awg.WriteLine($"SOURce{channel}:CASSet:WAVeform \"lone\";:OUTPut{channel}:STATe ON;:AWGControl:RUN");
        // The AWG and the digitizer are served concurrently: wait for the RUN, so the messages reach the
        // shared clock (and so the drifting temperature) in the same order every time.
        Assert.Equal("2", awg.Query("AWGControl:RSTate?"));
        dig.WriteLine("ACQuire:SHOTs 2000;:INITiate");
        Assert.Equal("1", dig.Query("*OPC?"));
        dig.WriteLine($"FETCh:IQ? {readout}");
        return dig.ReadBlock();
    }

    private static float[] Scale(float[] samples, float f) => [.. samples.Select(x => x * f)];

    /// <summary>Y90 on both, a CZ flux pulse (or none), then -Y90 on q1 with q1's phase over the flux pulse undone.</summary>
    private static (bool[] A, bool[] B) Shots(EmulatedStation station, bool withFlux, int shots, out byte[] rawA, out byte[] rawB)
    {
        var truthA = station.TruthFor("q0");
        var truthB = station.TruthFor("q1");
        var coupling = station.CouplingTruths["q0_q1"];
        double fluxVolts = coupling.ControlledZAmplitude(Cz * Dt);
        int total = 2 * Pulse + Cz;
        var iA = new float[total];
        var qA = new float[total];
        var iB = new float[total];
        var qB = new float[total];
        var flux = new float[total];
        float halfA = (float)(1 / (4 * truthA.RabiRatePerVolt * Pulse * Dt) / DriveVoltsPerUnit);
        float halfB = (float)(1 / (4 * truthB.RabiRatePerVolt * Pulse * Dt) / DriveVoltsPerUnit);
        // q1 turns by 2 pi detuning t about z between the pulse centres, plus 2 pi shift V^2 t during the flux pulse:
        // the last pulse's axis follows (a virtual Z).
        double theta = 2 * Math.PI * (truthB.DetuningHz * (Pulse + Cz) * Dt + (withFlux ? coupling.ShiftBPerVoltSquared * fluxVolts * fluxVolts * Cz * Dt : 0));
        double phase = -Math.PI / 2 + theta;
        for (int k = 0; k < Pulse; k++)
        {
            qA[k] = halfA;
            qB[k] = halfB;
            iB[Pulse + Cz + k] = (float)(halfB * Math.Cos(phase));
            qB[Pulse + Cz + k] = (float)(halfB * Math.Sin(phase));
        }

        for (int k = Pulse; k < Pulse + Cz && withFlux; k++)
        {
            flux[k] = (float)(fluxVolts / FluxVoltsPerUnit);
        }

        using var awg1 = new RawScpiClient(station.Resources["awg1"]);
        using var awg2 = new RawScpiClient(station.Resources["awg2"]);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        awg1.WriteLine("AWGControl:STOP;:WLISt:WAVeform:DELete ALL");
        awg2.WriteLine("AWGControl:STOP;:WLISt:WAVeform:DELete ALL");
        foreach (var (name, samples, channel) in new[] { ("ia", iA, 1), ("qa", qA, 2), ("ib", iB, 3), ("qb", qB, 4) })
        {
            QubitExperimentTests.Upload(awg1, name, samples);
            awg1.WriteLine($"SOURce{channel}:CASSet:WAVeform \"{name}\";:OUTPut{channel}:STATe ON");
        }

        QubitExperimentTests.Upload(awg2, "flux", flux);
        awg2.WriteLine("SOURce3:VOLTage 1.0;:SOURce3:CASSet:WAVeform \"flux\";:OUTPut3:STATe ON");
        // Both AWGs play before the digitizer is armed: INIT while they run acquires at once, every line from time 0
        // (arming first would let the first RUN trigger a shot without the other AWG's lines).
        awg2.WriteLine("AWGControl:RUN");
        awg1.WriteLine("AWGControl:RUN");
        Assert.Equal("2", awg2.Query("AWGControl:RSTate?"));
        Assert.Equal("2", awg1.Query("AWGControl:RSTate?"));
        dig.WriteLine($"ACQuire:SHOTs {shots};:INITiate");
        Assert.Equal("1", dig.Query("*OPC?"));
        dig.WriteLine("FETCh:IQ? 1");
        rawA = dig.ReadBlock();
        dig.WriteLine("FETCh:IQ? 2");
        rawB = dig.ReadBlock();
        Assert.Equal("0,\"No error\"", awg1.Query("SYST:ERR?"));
        Assert.Equal("0,\"No error\"", awg2.Query("SYST:ERR?"));
        return (Discriminate(Waveforms.Floats(rawA, bigEndian: true), truthA), Discriminate(Waveforms.Floats(rawB, bigEndian: true), truthB));
    }

    private static bool[] Discriminate(float[] iq, QubitTruth truth) =>
        [.. Enumerable.Range(0, iq.Length / 2).Select(s =>
        {
            double dg = Math.Pow(iq[2 * s] - truth.GroundI, 2) + Math.Pow(iq[2 * s + 1] - truth.GroundQ, 2);
            double de = Math.Pow(iq[2 * s] - truth.ExcitedI, 2) + Math.Pow(iq[2 * s + 1] - truth.ExcitedQ, 2);
            return de < dg;
        })];

    private static double Agreement(bool[] a, bool[] b) => a.Zip(b).Average(p => p.First == p.Second ? 1.0 : 0.0);
}
