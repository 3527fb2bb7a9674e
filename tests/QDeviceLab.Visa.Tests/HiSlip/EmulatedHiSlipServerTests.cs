using System.Net;
using System.Net.Sockets;
using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.HiSlip;
using QDeviceLab.Visa.Tests.Conformance;

namespace QDeviceLab.Visa.Tests.HiSlip;

/// <summary>The emulator's HiSLIP server: routing by sub-address, and what it does with malformed or oversized traffic.</summary>
public sealed class EmulatedHiSlipServerTests : IAsyncLifetime
{
    private EmulatedStation? _station;

    private EmulatedStation Station => _station ?? throw new InvalidOperationException("started in InitializeAsync");

    private int Port => ResourceName.Parse(Station.HiSlipResources.Values.First()).Port!.Value;

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_station is not null)
        {
            await _station.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_instrument_is_a_hislip_sub_address_on_one_port_in_station_order()
    {
        var resources = Station.HiSlipResources.Values.Select(ResourceName.Parse).ToArray();
        Assert.Single(resources.Select(r => r.Port).Distinct());
        Assert.Equal(resources.Select((_, i) => $"hislip{i}"), resources.Select(r => r.LanDeviceName));

        await using var awg = await MessageSession.OpenAsync(Station.HiSlipResources["awg1"]);
        string idn = await awg.QueryAsync("*IDN?");

        Assert.StartsWith("TEKTRONIX,AWG5208", idn, StringComparison.Ordinal);
        foreach (var (_, resource) in Station.HiSlipResources.Where(r => r.Key != "awg1"))
        {
            await using var other = await MessageSession.OpenAsync(resource);
            Assert.NotEqual(idn, await other.QueryAsync("*IDN?"));
        }
    }

    [Fact]
    public async Task Unknown_sub_address_is_refused_at_open_with_the_devices_the_server_has()
    {
        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync($"TCPIP0::127.0.0.1::hislip99,{Port}::INSTR"));

        Assert.Contains("refused sub-address 'hislip99'", e.Message, StringComparison.Ordinal);
        Assert.Contains("hislip0 (awg1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Station_name_works_as_a_free_sub_address()
    {
        await using var raw = await RawSession.OpenAsync(Port, "awg1");

        await raw.SendAsync(raw.Sync, HiSlipMessageType.DataEnd, 0, HiSlipProtocol.InitialMessageId, "*IDN?\n"u8.ToArray());
        var (header, payload) = await RawSession.ReadAsync(raw.Sync);

        Assert.Equal(HiSlipMessageType.DataEnd, header.Type);
        Assert.Equal(HiSlipProtocol.InitialMessageId, header.Parameter);
        Assert.StartsWith("TEKTRONIX,AWG5208", System.Text.Encoding.ASCII.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_larger_than_the_servers_maximum_gets_error_4_and_the_session_stays_in_step()
    {
        await using var raw = await RawSession.OpenAsync(Port, "hislip0");
        byte[] tooLarge = new byte[(int)HiSlipProtocol.DefaultMaximumMessageSize];

        await raw.SendAsync(raw.Sync, HiSlipMessageType.Data, 0, HiSlipProtocol.InitialMessageId, tooLarge);
        var (error, text) = await RawSession.ReadAsync(raw.Sync);
        await raw.SendAsync(raw.Sync, HiSlipMessageType.DataEnd, 0, HiSlipProtocol.InitialMessageId + 2, "*OPC?\n"u8.ToArray());
        var (answer, payload) = await RawSession.ReadAsync(raw.Sync);

        Assert.Equal(HiSlipMessageType.Error, error.Type);
        Assert.Equal(HiSlipProtocol.ErrorMessageTooLarge, error.ControlCode);
        Assert.Contains("maximum message size", System.Text.Encoding.ASCII.GetString(text), StringComparison.Ordinal);
        Assert.Equal(HiSlipMessageType.DataEnd, answer.Type);
        Assert.Equal("1\n", System.Text.Encoding.ASCII.GetString(payload));
    }

    [Fact]
    public async Task Bad_prologue_from_a_client_gets_a_fatal_error_on_both_channels_and_both_close()
    {
        await using var raw = await RawSession.OpenAsync(Port, "hislip0");
        byte[] garbage = HiSlipHeader.Frame(HiSlipMessageType.DataEnd, 0, HiSlipProtocol.InitialMessageId, "*IDN?\n"u8);
        garbage[0] = (byte)'G';

        await raw.Sync.SendAsync(garbage, SocketFlags.None);
        var (syncFatal, _) = await RawSession.ReadAsync(raw.Sync);
        var (asyncFatal, _) = await RawSession.ReadAsync(raw.Async);

        Assert.Equal((HiSlipMessageType.FatalError, HiSlipProtocol.FatalPoorlyFormedHeader), (syncFatal.Type, syncFatal.ControlCode));
        Assert.Equal((HiSlipMessageType.FatalError, HiSlipProtocol.FatalPoorlyFormedHeader), (asyncFatal.Type, asyncFatal.ControlCode));
        Assert.Equal(0, await raw.Sync.ReceiveAsync(new byte[16], SocketFlags.None));
    }

    [Fact]
    public async Task A_connection_that_does_not_start_with_initialize_gets_fatal_error_3()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));

        await socket.SendAsync(HiSlipHeader.Frame(HiSlipMessageType.DataEnd, 0, 0, "*IDN?\n"u8), SocketFlags.None);
        var (header, _) = await RawSession.ReadAsync(socket);

        Assert.Equal((HiSlipMessageType.FatalError, HiSlipProtocol.FatalInvalidInitialization), (header.Type, header.ControlCode));
    }

    [Fact]
    public async Task Waveform_larger_than_the_maximum_message_size_is_split_on_the_way_in_and_comes_back_whole()
    {
        await using var session = await MessageSession.OpenAsync(Station.HiSlipResources["awg1"], new MessageSessionOptions { Timeout = TimeSpan.FromSeconds(30) });
        float[] samples = [.. Enumerable.Range(0, 600_000).Select(i => MathF.Cos(i * 1e-3f) * 0.5f)];

        await session.WriteLineAsync($"WLIS:WAV:NEW \"big\",{samples.Length}");
        await session.WriteBlockAsync<float>("WLIS:WAV:DATA \"big\",0,", samples, ByteOrder.LittleEndian);
        float[] back = await session.QueryBlockAsync<float>("WLIS:WAV:DATA? \"big\"", ByteOrder.LittleEndian, maxBytes: 8 << 20);

        Assert.True(samples.Length * sizeof(float) > (int)HiSlipProtocol.DefaultMaximumMessageSize);
        Assert.Equal(samples, back);
        Assert.StartsWith("0,", await session.QueryAsync("SYST:ERR?"), StringComparison.Ordinal);
    }

    /// <summary>Both channels of a session, initialized by hand, for sending what the client never would.</summary>
    private sealed class RawSession : IAsyncDisposable
    {
        private RawSession(Socket sync, Socket async)
        {
            Sync = sync;
            Async = async;
        }

        public Socket Sync { get; }

        public Socket Async { get; }

        public static async Task<RawSession> OpenAsync(int port, string subAddress)
        {
            var sync = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await sync.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await sync.SendAsync(HiSlipHeader.Frame(HiSlipMessageType.Initialize, 0, 0x0100_5151, System.Text.Encoding.ASCII.GetBytes(subAddress)), SocketFlags.None);
            var (initialized, _) = await ReadAsync(sync);
            Assert.Equal(HiSlipMessageType.InitializeResponse, initialized.Type);
            var async = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await async.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await async.SendAsync(HiSlipHeader.Frame(HiSlipMessageType.AsyncInitialize, 0, initialized.Parameter & 0xFFFF, []), SocketFlags.None);
            Assert.Equal(HiSlipMessageType.AsyncInitializeResponse, (await ReadAsync(async)).Header.Type);
            return new RawSession(sync, async);
        }

        public static async Task<(HiSlipHeader Header, byte[] Payload)> ReadAsync(Socket socket)
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            byte[] raw = new byte[HiSlipProtocol.HeaderSize];
            await stream.ReadExactlyAsync(raw);
            var header = HiSlipHeader.Parse(raw);
            byte[] payload = new byte[(int)header.PayloadLength];
            await stream.ReadExactlyAsync(payload);
            return (header, payload);
        }

        public async Task SendAsync(Socket socket, HiSlipMessageType type, byte control, uint parameter, byte[] payload) =>
            await socket.SendAsync(HiSlipHeader.Frame(type, control, parameter, payload), SocketFlags.None);

        public ValueTask DisposeAsync()
        {
            Sync.Dispose();
            Async.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
