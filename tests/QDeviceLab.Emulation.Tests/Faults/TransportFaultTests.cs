using System.Text;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Faults;

/// <summary>Faults of the link and the answers, seen by a plain TcpClient on loopback.</summary>
public sealed class TransportFaultTests
{
    [Fact]
    public async Task Latency_holds_every_answer_back_but_delivers_it_intact()
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: awg1, kind: latency, seconds: 1.5"));
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        awg.WriteLine("*IDN?");
        Assert.True(awg.StaysSilentFor(200));
        Assert.StartsWith("TEKTRONIX,AWG5208,", awg.ReadLine());
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        Assert.StartsWith("QDeviceLab,DIG-IQ4,", dig.Query("*IDN?"));
    }

    [Fact]
    public async Task A_dropped_link_cuts_an_answer_after_the_byte_budget_and_the_next_connection_works()
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: dig1, kind: drop_link, after_bytes: 100"));
        string identity;
        using (var probe = new RawScpiClient(station.Resources["awg1"]))
        {
            identity = probe.Query("*IDN?");
        }

        using (var dig = new RawScpiClient(station.Resources["dig1"]))
        {
            // Each round trip is 6 bytes in and the identity plus '\n' out.
            string first = dig.Query("*IDN?");
            int perRound = 6 + first.Length + 1;
            Assert.True(2 * perRound < 100 && 3 * perRound > 100, $"{perRound} bytes per round");
            Assert.Equal(first, dig.Query("*IDN?"));
            dig.WriteLine("*IDN?");
            byte[] rest = dig.ReadToClose();
            Assert.Equal(100 - 2 * perRound - 6, rest.Length);
            Assert.Equal(Encoding.ASCII.GetBytes(first)[..rest.Length], rest);
        }

        using var again = new RawScpiClient(station.Resources["dig1"]);
        Assert.StartsWith("QDeviceLab,DIG-IQ4,", again.Query("*IDN?"));
        Assert.StartsWith("TEKTRONIX", identity);
    }

    [Fact]
    public async Task A_link_dropped_inside_an_upload_executes_nothing_after_the_cut()
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: awg1, kind: drop_link, after_bytes: 300"));
        using (var awg = new RawScpiClient(station.Resources["awg1"]))
        {
            awg.WriteLine("WLIS:WAV:NEW \"w\",1000");
            awg.Write(Waveforms.DataCommand("w", Enumerable.Repeat(0.5f, 1000).ToArray()));
            Assert.Empty(awg.ReadToClose());
        }

        using var again = new RawScpiClient(station.Resources["awg1"]);
        Assert.Equal("1", again.Query("WLIS:SIZE?"));
        again.WriteLine("WLIS:WAV:DATA? \"w\",0,1");
        Assert.Equal([0f], Waveforms.Floats(again.ReadBlock(), bigEndian: false));
    }

    [Fact]
    public async Task The_nth_answer_is_seeded_garbage_of_the_same_length_and_the_others_are_clean()
    {
        string file = FaultStations.With("instrument: awg1, kind: garbage_answer, answer: 2");
        string garbage;
        await using (var station = EmulatedStation.Start(file))
        {
            using var awg = new RawScpiClient(station.Resources["awg1"]);
            string identity = awg.Query("*IDN?");
            garbage = awg.Query("*IDN?");
            Assert.Equal(identity.Length, garbage.Length);
            Assert.NotEqual(identity, garbage);
            Assert.All(garbage, c => Assert.InRange(c, '!', '~'));
            Assert.Equal(identity, awg.Query("*IDN?"));
        }

        await using var replay = EmulatedStation.Start(file);
        using var again = new RawScpiClient(replay.Resources["awg1"]);
        again.Query("*IDN?");
        Assert.Equal(garbage, again.Query("*IDN?"));
    }

    [Fact]
    public async Task A_truncated_block_answer_is_shorter_than_its_header_announces_and_the_link_closes()
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: dig1, kind: truncated_answer, answer: 2"));
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        awg.WriteLine("AWGC:RUN");
        Assert.Equal("2", awg.Query("AWGC:RST?")); // running before the digitizer is armed on its own connection
        dig.WriteLine("ACQ:SHOT 100;:INIT");
        Assert.Equal("1", dig.Query("*OPC?"));
        dig.WriteLine("FETC:IQ? 1");
        Assert.Equal("#3800", Encoding.ASCII.GetString(dig.ReadExactly(5)));
        Assert.Equal(400, dig.ReadToClose().Length);
    }
}
