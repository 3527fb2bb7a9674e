using QDeviceLab.Emulation.Tests.Support;
using static QDeviceLab.Emulation.Tests.Instruments.QubitExperimentTests;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>The emulated AWG5208 sequence list (SLISt) over loopback, and what a played sequence does to the qubit.</summary>
public sealed class SequencerTests
{
    private const string NoError = "0,\"No error\"";

    [Fact]
    public async Task A_sequence_plays_its_steps_with_repeats_and_gotos_exactly_like_the_expanded_waveform()
    {
        await using var sequenced = EmulatedStation.Start(StationFiles.Default);
        var truth = sequenced.TruthFor("q0");
        var (a, b, c) = Pieces(truth);
        byte[] viaSequence;
        using (var awg = new RawScpiClient(sequenced.Resources["awg1"]))
        {
            Upload(awg, "a", a);
            Upload(awg, "b", b);
            Upload(awg, "c", c);
            // a x3, then GOTO 3 skips b; c; then END.
            awg.WriteLine("SLISt:SEQuence:NEW \"seq\",4,2");
            awg.WriteLine("SLIS:SEQ:STEP1:TASS1:WAV \"seq\",\"a\";:SLIS:SEQ:STEP1:RCO \"seq\",3;:SLIS:SEQ:STEP1:GOTO \"seq\",3");
            awg.WriteLine("SLIS:SEQ:STEP2:TASS1:WAV \"seq\",\"b\"");
            awg.WriteLine("SLIS:SEQ:STEP3:TASS1:WAV \"seq\",\"c\";:SLIS:SEQ:STEP3:GOTO \"seq\",END");
            awg.WriteLine("SLIS:SEQ:STEP4:TASS1:WAV \"seq\",\"b\"");
            awg.WriteLine("SOURce1:CASSet:SEQuence \"seq\",1");
            Assert.Equal(NoError, awg.Query("SYST:ERR?"));
            viaSequence = Acquire(sequenced, awg, shots: 3000);
        }

        await using var expanded = EmulatedStation.Start(StationFiles.Default);
        byte[] viaWaveform;
        using (var awg = new RawScpiClient(expanded.Resources["awg1"]))
        {
            Upload(awg, "flat", [.. a, .. a, .. a, .. c]);
            awg.WriteLine("SOURce1:CASSet:WAVeform \"flat\"");
            viaWaveform = Acquire(expanded, awg, shots: 3000);
        }

        Assert.Equal(viaWaveform, viaSequence);
    }

    [Fact]
    public async Task I_and_Q_on_two_tracks_of_one_sequence_play_step_aligned()
    {
        await using var sequenced = EmulatedStation.Start(StationFiles.Default);
        var truth = sequenced.TruthFor("q0");
        var (a, b, _) = Pieces(truth);
        byte[] viaSequence;
        using (var awg = new RawScpiClient(sequenced.Resources["awg1"]))
        {
            Upload(awg, "a", a);
            Upload(awg, "b", b);
            awg.WriteLine("SLIS:SEQ:NEW \"iq\",2,2");
            awg.WriteLine("SLIS:SEQ:STEP1:TASS1:WAV \"iq\",\"a\";:SLIS:SEQ:STEP1:TASS2:WAV \"iq\",\"b\"");
            awg.WriteLine("SLIS:SEQ:STEP2:TASS1:WAV \"iq\",\"b\";:SLIS:SEQ:STEP2:TASS2:WAV \"iq\",\"a\";:SLIS:SEQ:STEP2:RCO \"iq\",2");
            awg.WriteLine("SOUR1:CASS:SEQ \"iq\",1;:SOUR2:CASS:SEQ \"iq\",2;:OUTP2 ON");
            Assert.Equal(NoError, awg.Query("SYST:ERR?"));
            viaSequence = Acquire(sequenced, awg, shots: 2000);
        }

        await using var expanded = EmulatedStation.Start(StationFiles.Default);
        byte[] viaWaveforms;
        using (var awg = new RawScpiClient(expanded.Resources["awg1"]))
        {
            // Within a step the shorter track is padded with zeros to the longer one.
            var pad = new float[b.Length - a.Length];
            Upload(awg, "i", [.. a, .. pad, .. b, .. b]);
            Upload(awg, "q", [.. b, .. a, .. pad, .. a, .. pad]);
            awg.WriteLine("SOUR1:CASS:WAV \"i\";:SOUR2:CASS:WAV \"q\";:OUTP2 ON");
            viaWaveforms = Acquire(expanded, awg, shots: 2000);
        }

        Assert.Equal(viaWaveforms, viaSequence);
    }

    [Fact]
    public async Task The_sequence_list_answers_its_settings_back()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        Upload(awg, "w", [0.5f, 0.25f]);
        awg.WriteLine("SLIS:SEQ:NEW \"s1\",3;:SLIS:SEQ:NEW \"s2\",5,2");
        Assert.Equal("2", awg.Query("SLISt:SIZE?"));
        Assert.Equal("5", awg.Query("SLIS:SEQ:LENG? \"s2\""));
        Assert.Equal("2", awg.Query("SLIS:SEQ:TRAC? \"s2\""));
        awg.WriteLine("SLIS:SEQ:STEP2:TASS2:WAV \"s2\",\"w\";:SLIS:SEQ:STEP2:RCO \"s2\",17;:SLIS:SEQ:STEP2:WINP \"s2\",ATR;:SLIS:SEQ:STEP2:GOTO \"s2\",FIRS");
        Assert.Equal("\"w\"", awg.Query("SLIS:SEQ:STEP2:TASS2:WAV? \"s2\""));
        Assert.Equal("\"\"", awg.Query("SLIS:SEQ:STEP2:TASS1:WAV? \"s2\""));
        Assert.Equal("17", awg.Query("SLIS:SEQ:STEP2:RCO? \"s2\""));
        Assert.Equal("ONCE", awg.Query("SLIS:SEQ:STEP1:RCO? \"s2\""));
        Assert.Equal("ATR", awg.Query("SLIS:SEQ:STEP2:WINP? \"s2\""));
        Assert.Equal("FIRS", awg.Query("SLIS:SEQ:STEP2:GOTO? \"s2\""));
        Assert.Equal("NEXT", awg.Query("SLIS:SEQ:STEP1:GOTO? \"s2\""));
        awg.WriteLine("SOUR3:CASS:SEQ \"s2\",2");
        Assert.Equal("\"s2,2\"", awg.Query("SOUR3:CASS?"));
        Assert.Equal("SEQ", awg.Query("SOUR3:CASS:TYPE?"));
        awg.WriteLine("SLIS:SEQ:DEL \"s2\"");
        Assert.Equal("1", awg.Query("SLIS:SIZE?"));
        Assert.Equal("\"\"", awg.Query("SOUR3:CASS?"));
        Assert.Equal("NONE", awg.Query("SOUR3:CASS:TYPE?"));
        awg.WriteLine("SLIS:SEQ:DEL ALL");
        Assert.Equal("0", awg.Query("SLIS:SIZE?"));
        Assert.Equal(NoError, awg.Query("SYST:ERR?"));
    }

    [Theory]
    [InlineData("SLIS:SEQ:STEP1:TASS1:WAV \"s\",\"nope\"", -224)]
    [InlineData("SLIS:SEQ:STEP1:TASS1:WAV \"nope\",\"w\"", -224)]
    [InlineData("SLIS:SEQ:STEP4:TASS1:WAV \"s\",\"w\"", -222)]
    [InlineData("SLIS:SEQ:STEP1:TASS3:WAV \"s\",\"w\"", -222)]
    [InlineData("SLIS:SEQ:STEP1:RCO \"s\",0", -222)]
    [InlineData("SLIS:SEQ:STEP1:GOTO \"s\",9", -222)]
    [InlineData("SLIS:SEQ:NEW \"s\",2", -221)]
    [InlineData("SLIS:SEQ:NEW \"t\",16384", -222)]
    [InlineData("SLIS:SEQ:DEL \"nope\"", -224)]
    [InlineData("SOUR1:CASS:SEQ \"s\",3", -222)]
    [InlineData("SOUR1:CASS:SEQ \"nope\",1", -224)]
    public async Task Bad_sequence_commands_put_the_manuals_error_in_the_queue(string command, int code)
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        Upload(awg, "w", [0.1f]);
        awg.WriteLine("SLIS:SEQ:NEW \"s\",3,2");
        awg.WriteLine(command);
        Assert.StartsWith($"{code},", awg.Query("SYST:ERR?"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SLIS:SEQ:STEP1:RCO \"s\",INF", "repeats INFinitely")]
    [InlineData("SLIS:SEQ:STEP2:GOTO \"s\",1", "does not end")]
    [InlineData("SLIS:SEQ:STEP2:TASS1:WAV \"s\",\"w\";:WLIS:WAV:DEL \"w\"", "has no waveform")]
    public async Task A_sequence_that_cannot_be_one_shot_is_refused_at_run(string command, string reason)
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        Upload(awg, "w", [0.1f]);
        Upload(awg, "v", [0.2f]);
        awg.WriteLine("SLIS:SEQ:NEW \"s\",2;:SLIS:SEQ:STEP1:TASS1:WAV \"s\",\"v\";:SLIS:SEQ:STEP2:TASS1:WAV \"s\",\"v\"");
        awg.WriteLine(command);
        awg.WriteLine("SOUR1:CASS:SEQ \"s\",1;:OUTP1 ON;:AWGC:RUN");
        string error = awg.Query("SYST:ERR?");
        Assert.StartsWith("-221,", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal("0", awg.Query("AWGC:RST?"));
    }

    private static (float[] A, float[] B, float[] C) Pieces(QubitTruth truth)
    {
        // A quarter of a pi pulse (so three of them over-rotate), a longer idle-ish weak pulse and a half pi pulse.
        var pi = PiPulse(truth);
        float[] a = [.. pi.Take(pi.Length / 4)];
        float[] b = [.. Enumerable.Repeat(0.02f, 333)];
        float[] c = [.. pi.Take(pi.Length / 2), .. new float[50]];
        return (a, b, c);
    }

    private static byte[] Acquire(EmulatedStation station, RawScpiClient awg, int shots)
    {
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        awg.WriteLine("OUTPut1:STATe ON");
        dig.WriteLine($"ACQuire:SHOTs {shots};:INITiate");
        awg.WriteLine("AWGControl:RUN");
        Assert.Equal(NoError, awg.Query("SYST:ERR?"));
        Assert.Equal("1", dig.Query("*OPC?"));
        dig.WriteLine("FETCh:IQ? 1");
        var raw = dig.ReadBlock();
        Assert.Equal(8 * shots, raw.Length);
        // Not all ground and not all excited: the comparison above is not trivially equal.
        double excited = Classify(Waveforms.Floats(raw, bigEndian: true), station.TruthFor("q0"));
        Assert.InRange(excited, 0.05, 0.95);
        return raw;
    }
}
