using System.Buffers.Binary;
using QDeviceLab.Core;
using QDeviceLab.Visa.HiSlip;
using static QDeviceLab.Visa.Tests.HiSlip.HiSlipTestPeer;

namespace QDeviceLab.Visa.Tests.HiSlip;

/// <summary>The HiSLIP client's wire behaviour, pinned against a scripted peer that records every header.</summary>
public sealed class HiSlipMessageSessionTests
{
    private static async Task<HiSlipMessageSession> OpenAsync(HiSlipTestPeer peer, TimeSpan? timeout = null) =>
        (HiSlipMessageSession)await MessageSession.OpenAsync(peer.Resource, new MessageSessionOptions { Timeout = timeout ?? TimeSpan.FromSeconds(5) });

    [Fact]
    public async Task Open_sends_initialize_with_version_vendor_and_sub_address_then_async_initialize_with_the_session_id()
    {
        await using var peer = Start(Behaviour.Echo, maximumMessageSize: 4096);
        await using var session = await OpenAsync(peer);

        var initialize = Assert.Single(peer.Sync);
        Assert.Equal(HiSlipMessageType.Initialize, initialize.Type);
        Assert.Equal(0x0100u, initialize.Parameter >> 16);
        Assert.Equal(('Q' << 8) | 'D', (int)(initialize.Parameter & 0xFFFF));
        Assert.Equal("hislip0", peer.SubAddress);
        var asyncMessages = peer.Async.ToArray();
        Assert.Equal(HiSlipMessageType.AsyncInitialize, asyncMessages[0].Type);
        Assert.Equal(SessionId, asyncMessages[0].Parameter);
        Assert.Equal(HiSlipMessageType.AsyncMaximumMessageSize, asyncMessages[1].Type);
        Assert.Equal(8UL, asyncMessages[1].PayloadLength);
        Assert.Equal(SessionId, session.SessionId);
        Assert.Equal(4096UL, session.ServerMaximumMessageSize);
        Assert.False(session.IsOverlapped);
    }

    [Fact]
    public async Task Overlapped_mode_announced_by_the_server_is_reported_and_queries_still_work()
    {
        await using var peer = Start(Behaviour.Echo, overlapped: true);
        await using var session = await OpenAsync(peer);

        Assert.True(session.IsOverlapped);
        Assert.Equal("ping", await session.QueryAsync("ping"));
    }

    [Fact]
    public async Task Message_ids_start_at_0xFFFFFF00_and_advance_by_two_per_message()
    {
        await using var peer = Start(Behaviour.Echo);
        await using var session = await OpenAsync(peer);

        Assert.Equal("a", await session.QueryAsync("a"));
        Assert.Equal("b", await session.QueryAsync("b"));
        Assert.Equal("c", await session.QueryAsync("c"));

        var data = peer.Sync.Where(h => h.Type == HiSlipMessageType.DataEnd).Select(h => h.Parameter).ToArray();
        Assert.Equal([0xFFFF_FF00u, 0xFFFF_FF02u, 0xFFFF_FF04u], data);
        Assert.Equal(0xFFFF_FF06u, session.NextMessageId);
    }

    [Fact]
    public async Task Rmt_delivered_rides_on_the_first_message_after_a_whole_answer_was_read()
    {
        await using var peer = Start(Behaviour.Echo);
        await using var session = await OpenAsync(peer);

        await session.QueryAsync("first");
        await session.WriteLineAsync("second");
        // A query, so the peer has seen the message when it returns; the answer to "second" was never read.
        Assert.Equal("third", await session.QueryAsync("third"));

        var controls = peer.Sync.Where(h => h.Type == HiSlipMessageType.DataEnd).Select(h => h.ControlCode).ToArray();
        Assert.Equal([0, 1, 0], controls);
    }

    [Fact]
    public async Task Writes_are_split_into_messages_no_larger_than_the_servers_maximum()
    {
        const int maximum = 1024;
        await using var peer = Start(Behaviour.Echo, maximumMessageSize: maximum);
        await using var session = await OpenAsync(peer);
        string line = new('x', 5000);

        string echoed = await session.QueryAsync(line);

        var data = peer.Sync.Where(h => h.Type is HiSlipMessageType.Data or HiSlipMessageType.DataEnd).ToArray();
        Assert.Equal(line, echoed);
        Assert.All(data, h => Assert.True(h.PayloadLength <= maximum - HiSlipProtocol.HeaderSize, $"{h.PayloadLength}-byte payload"));
        Assert.Equal(5001UL, (ulong)data.Sum(h => (long)h.PayloadLength));
        Assert.Equal(HiSlipMessageType.DataEnd, data[^1].Type);
        Assert.All(data[..^1], h => Assert.Equal(HiSlipMessageType.Data, h.Type));
        Assert.Equal(data.Select((_, i) => 0xFFFF_FF00u + (uint)(2 * i)), data.Select(h => h.Parameter));
    }

    [Fact]
    public async Task Answer_carrying_an_earlier_message_id_is_discarded()
    {
        await using var peer = Start(Behaviour.StaleAnswerFirst);
        await using var session = await OpenAsync(peer);

        Assert.Equal("*IDN?", await session.QueryAsync("*IDN?"));
        Assert.Equal("again", await session.QueryAsync("again"));
    }

    [Fact]
    public async Task Device_clear_runs_the_handshake_on_both_channels_skips_late_answers_and_resets_message_ids()
    {
        await using var peer = Start(Behaviour.Echo);
        await using var session = await OpenAsync(peer);
        await session.WriteLineAsync("unread");

        await session.ClearAsync();

        Assert.Equal(HiSlipProtocol.InitialMessageId, session.NextMessageId);
        Assert.Contains(peer.Async, h => h.Type == HiSlipMessageType.AsyncDeviceClear);
        Assert.Equal(HiSlipMessageType.DeviceClearComplete, peer.Sync.Last().Type);
        Assert.Equal("after", await session.QueryAsync("after"));
        Assert.Equal(HiSlipProtocol.InitialMessageId, peer.Sync.Last().Parameter);
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Status_byte_comes_from_an_async_status_query_naming_the_last_message_and_rmt()
    {
        await using var peer = Start(Behaviour.Echo);
        await using var session = await OpenAsync(peer);
        await session.QueryAsync("q");

        byte status = await session.ReadStatusByteAsync();

        var query = Assert.Single(peer.Async, h => h.Type == HiSlipMessageType.AsyncStatusQuery);
        Assert.Equal(0x14, status);
        Assert.Equal(0xFFFF_FF00u, query.Parameter);
        Assert.Equal(HiSlipProtocol.RmtDelivered, query.ControlCode);
    }

    [Fact]
    public async Task Bad_prologue_is_a_typed_error_that_breaks_the_session_and_tells_the_server()
    {
        await using var peer = Start(Behaviour.BadPrologue);
        await using var session = await OpenAsync(peer);

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.Contains("malformed HiSLIP traffic", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"HS\"", e.Message, StringComparison.Ordinal);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Absurd_payload_length_is_refused_from_the_header_without_waiting_for_the_payload()
    {
        await using var peer = Start(Behaviour.AbsurdPayloadLength);
        await using var session = await OpenAsync(peer, TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.IsNotType<VisaTimeoutException>(e);
        Assert.Contains((1UL << 62).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Server_error_message_is_reported_with_its_meaning_and_leaves_the_session_usable()
    {
        await using var peer = Start(Behaviour.ErrorMessageTooLarge);
        await using var session = await OpenAsync(peer);

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.Contains("error 4 (message too large): too big for me", e.Message, StringComparison.Ordinal);
        Assert.Equal("*IDN?", e.Command);
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Server_fatal_error_is_reported_and_breaks_the_session()
    {
        await using var peer = Start(Behaviour.FatalError);
        await using var session = await OpenAsync(peer);

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.Contains("fatal error 128 (device-defined fatal error 128): instrument exploded", e.Message, StringComparison.Ordinal);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Nothing_listening_on_the_hislip_port_is_a_transient_connection_refused_error()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync($"TCPIP0::127.0.0.1::hislip0,{port}::INSTR"));

        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("HiSLIP", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void Header_round_trips_in_network_order_and_refuses_a_bad_prologue()
    {
        byte[] bytes = new byte[HiSlipProtocol.HeaderSize];
        new HiSlipHeader(HiSlipMessageType.DataEnd, 1, 0xFFFF_FF02, 0x0102030405060708).Write(bytes);

        Assert.Equal("HS"u8.ToArray(), bytes[..2]);
        Assert.Equal(7, bytes[2]);
        Assert.Equal(0xFFFF_FF02u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));
        Assert.Equal(new HiSlipHeader(HiSlipMessageType.DataEnd, 1, 0xFFFF_FF02, 0x0102030405060708), HiSlipHeader.Parse(bytes));
        bytes[1] = (byte)'X';
        Assert.Throws<HiSlipFormatException>(() => HiSlipHeader.Parse(bytes));
    }
}
