using QDeviceLab.Core;
using QDeviceLab.Visa;

namespace QDeviceLab.Emulation.Tests.Faults;

/// <summary>
/// The link faults (latency, drop_link) on the VXI-11 and HiSLIP servers, seen by QDeviceLab's own
/// clients: the same byte budget and answer delays as on the SOCKET server.
/// </summary>
public sealed class Vxi11HiSlipFaultTests
{
    public static TheoryData<string> Transports => ["vxi11", "hislip"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Latency_holds_the_answer_back_past_a_short_timeout_and_a_patient_client_gets_it_intact(string transport)
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: awg1, kind: latency, seconds: 1.0"));

        await using (var hasty = await OpenAsync(station, transport, "awg1", TimeSpan.FromMilliseconds(250)))
        {
            await Assert.ThrowsAsync<VisaTimeoutException>(() => hasty.QueryAsync("*IDN?"));
        }

        await using var patient = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(10));
        Assert.StartsWith("TEKTRONIX,AWG5208,", await patient.QueryAsync("*IDN?"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_dropped_link_cuts_an_answer_after_the_byte_budget_and_a_new_session_works(string transport)
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: dig1, kind: drop_link, after_bytes: 100"));
        await using (var dig = await OpenAsync(station, transport, "dig1", TimeSpan.FromSeconds(5)))
        {
            // Each round trip is 6 bytes in and the identity plus '\n' out, counted as on the SOCKET server.
            string first = await dig.QueryAsync("*IDN?");
            int perRound = 6 + first.Length + 1;
            Assert.True(2 * perRound < 100 && 3 * perRound > 100, $"{perRound} bytes per round");
            Assert.Equal(first, await dig.QueryAsync("*IDN?"));

            var e = await Assert.ThrowsAsync<InstrumentIOException>(() => dig.QueryAsync("*IDN?"));

            Assert.IsNotType<VisaTimeoutException>(e);
            Assert.True(e.IsTransient);
            Assert.True(dig.IsBroken);
        }

        await using var again = await OpenAsync(station, transport, "dig1", TimeSpan.FromSeconds(5));
        Assert.StartsWith("QDeviceLab,DIG-IQ4,", await again.QueryAsync("*IDN?"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_link_dropped_inside_an_upload_executes_nothing_after_the_cut(string transport)
    {
        await using var station = EmulatedStation.Start(FaultStations.With("instrument: awg1, kind: drop_link, after_bytes: 300"));
        await using (var awg = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(5)))
        {
            await awg.WriteLineAsync("WLIS:WAV:NEW \"w\",1000");
            await Assert.ThrowsAnyAsync<InstrumentIOException>(async () =>
            {
                await awg.WriteBlockAsync<float>("WLIS:WAV:DATA \"w\",0,", Enumerable.Repeat(0.5f, 1000).ToArray(), ByteOrder.LittleEndian);
                await awg.QueryAsync("*OPC?");
            });
        }

        await using var again = await OpenAsync(station, transport, "awg1", TimeSpan.FromSeconds(5));
        Assert.Equal("1", await again.QueryAsync("WLIS:SIZE?"));
        float[] first = await again.QueryBlockAsync<float>("WLIS:WAV:DATA? \"w\",0,1", ByteOrder.LittleEndian, maxBytes: 1024);
        Assert.Equal([0f], first);
    }

    private static Task<IMessageSession> OpenAsync(EmulatedStation station, string transport, string instrument, TimeSpan timeout)
    {
        string resource = transport == "vxi11" ? station.Vxi11Resources[instrument] : station.HiSlipResources[instrument];
        return MessageSession.OpenAsync(resource, new MessageSessionOptions { Timeout = timeout, Vxi11PortmapperPort = station.PortmapperPort });
    }
}
