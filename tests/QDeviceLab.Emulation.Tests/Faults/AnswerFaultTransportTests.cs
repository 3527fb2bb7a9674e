using QDeviceLab.Core;
using QDeviceLab.Emulation.Tests.Support;
using QDeviceLab.Visa;

namespace QDeviceLab.Emulation.Tests.Faults;

/// <summary>
/// Garbage and truncated answers (and latency and dropped links, on serial) beyond the SOCKET server: VXI-11 and HiSLIP
/// spoil the answer handed to device_read / Data messages by the SOCKET server's rule, and so does the
/// serial line, whose truncated answer just stops (the line stays) and whose dropped link ends socat. Serial cases exist only where
/// socat does.
/// </summary>
public sealed class AnswerFaultTransportTests
{
    public static TheoryData<string> Transports
    {
        get
        {
            var data = new TheoryData<string> { "vxi11", "hislip" };
            if (EmulatedStation.SerialLinesAvailable)
            {
                data.Add("serial");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_nth_answer_is_the_same_seeded_garbage_as_on_the_socket_server(string transport)
    {
        string file = FaultStations.With("instrument: awg1, kind: garbage_answer, answer: 2");
        string garbage;
        await using (var station = Start(file, transport, "awg1"))
        await using (var awg = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(5)))
        {
            string identity = await awg.QueryAsync("*IDN?");
            garbage = await awg.QueryAsync("*IDN?");
            Assert.Equal(identity.Length, garbage.Length);
            Assert.NotEqual(identity, garbage);
            Assert.All(garbage, c => Assert.InRange(c, '!', '~'));
            Assert.Equal(identity, await awg.QueryAsync("*IDN?"));
        }

        // One rule on every transport: the SOCKET server's second answer is the same junk.
        await using var replay = EmulatedStation.Start(file);
        using var socket = new RawScpiClient(replay.Resources["awg1"]);
        socket.Query("*IDN?");
        Assert.Equal(garbage, socket.Query("*IDN?"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_nth_answer_stops_half_way(string transport)
    {
        string file = FaultStations.With("instrument: awg1, kind: truncated_answer, answer: 2");
        await using var station = Start(file, transport, "awg1");
        await using var awg = await OpenAsync(station, transport, "awg1", TimeSpan.FromMilliseconds(transport == "serial" ? 300 : 5000));
        string identity = await awg.QueryAsync("*IDN?");

        if (transport == "serial")
        {
            // No terminator comes: the client times out holding the first half; the line lives on for the next session.
            await awg.WriteLineAsync("*IDN?");
            var got = new List<byte>();
            var one = new byte[1];
            await Assert.ThrowsAsync<VisaTimeoutException>(async () =>
            {
                while (true)
                {
                    var chunk = await awg.ReadAsync(one, stopAtTermination: false);
                    got.AddRange(one.AsSpan(0, chunk.Count).ToArray());
                }
            });
            Assert.Equal(identity[..((identity.Length + 1) / 2)], System.Text.Encoding.ASCII.GetString(got.ToArray()));
            await using var reopened = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(5));
            Assert.Equal(identity, await reopened.QueryAsync("*IDN?"));
            return;
        }

        // The first half arrives without END / DataEnd, then the server closes the connection.
        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => awg.QueryAsync("*IDN?"));
        Assert.IsNotType<VisaTimeoutException>(e);
        Assert.True(awg.IsBroken);
        await using var again = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(5));
        Assert.Equal(identity, await again.QueryAsync("*IDN?"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Latency_holds_the_answer_back_past_a_short_timeout_and_a_patient_client_gets_it(string transport)
    {
        string file = FaultStations.With("instrument: awg1, kind: latency, seconds: 0.6");
        await using var station = Start(file, transport, "awg1");
        await using (var hasty = await OpenAsync(station, transport, "awg1", TimeSpan.FromMilliseconds(150)))
        {
            await Assert.ThrowsAsync<VisaTimeoutException>(() => hasty.QueryAsync("*IDN?"));
        }

        if (transport == "serial")
        {
            // The late answer still reaches the line (it has no connection to die with): let it pass.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await using var patient = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(10));
        if (transport == "serial")
        {
            await patient.ClearAsync();
        }

        Assert.StartsWith("TEKTRONIX,AWG5208,", await patient.QueryAsync("*IDN?"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_dropped_link_cuts_the_third_answer_and_the_client_sees_a_hang_up_not_a_timeout(string transport)
    {
        // *IDN? of awg1 is 6 bytes in and about 40 out: two round trips fit in 100 bytes, three do not.
        await using var station = Start(FaultStations.With("instrument: awg1, kind: drop_link, after_bytes: 100"), transport, "awg1");
        await using var awg = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(5));
        string identity = await awg.QueryAsync("*IDN?");
        Assert.True(2 * (6 + identity.Length + 1) < 100 && 3 * (6 + identity.Length + 1) > 100, identity);
        Assert.Equal(identity, await awg.QueryAsync("*IDN?"));

        var e = await Assert.ThrowsAnyAsync<InstrumentIOException>(() => awg.QueryAsync("*IDN?"));

        Assert.IsNotType<VisaTimeoutException>(e);
        Assert.True(awg.IsBroken);
    }

    private static EmulatedStation Start(string file, string transport, string instrument) =>
        EmulatedStation.Start(file, null, 0, transport == "serial" ? SerialLines.For(instrument) : SerialLines.None);

    private static Task<IMessageSession> OpenAsync(EmulatedStation station, string transport, string instrument, TimeSpan timeout)
    {
        string resource = transport switch
        {
            "vxi11" => station.Vxi11Resources[instrument],
            "hislip" => station.HiSlipResources[instrument],
            _ => station.SerialResources[instrument],
        };
        return MessageSession.OpenAsync(resource, new MessageSessionOptions { Timeout = timeout, Vxi11PortmapperPort = station.PortmapperPort });
    }
}
