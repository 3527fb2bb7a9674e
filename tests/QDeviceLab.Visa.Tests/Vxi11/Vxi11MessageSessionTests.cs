using System.Net;
using System.Net.Sockets;
using System.Text;
using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.Tests.Conformance;
using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Visa.Tests.Vxi11;

/// <summary>What only VXI-11 has: links by device name, END framing, chunked writes, serial poll, RPC-level faults.</summary>
public sealed class Vxi11MessageSessionTests : IAsyncLifetime
{
    private EmulatedStation _station = null!;

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _station.DisposeAsync();

    [Fact]
    public async Task Inst0_is_the_first_instrument_of_the_station()
    {
        await using var byName = await OpenEmulatedAsync(_station.Vxi11Resources["awg1"]);
        await using var inst0 = await OpenEmulatedAsync("TCPIP0::127.0.0.1::inst0::INSTR");

        Assert.Equal(await byName.QueryAsync("*IDN?"), await inst0.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Device_name_selects_the_instrument()
    {
        await using var awg = await OpenEmulatedAsync(_station.Vxi11Resources["awg1"]);
        await using var digitizer = await OpenEmulatedAsync(_station.Vxi11Resources["dig1"]);

        Assert.StartsWith("TEKTRONIX,AWG5208", await awg.QueryAsync("*IDN?"), StringComparison.Ordinal);
        Assert.StartsWith("QDeviceLab,DIG-IQ4", await digitizer.QueryAsync("*IDN?"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_device_name_is_a_clear_non_transient_error()
    {
        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => OpenEmulatedAsync("TCPIP0::127.0.0.1::nosuch::INSTR"));

        Assert.Contains("no device 'nosuch'", e.Message, StringComparison.Ordinal);
        Assert.Contains("error 3", e.Message, StringComparison.Ordinal);
        Assert.Equal("TCPIP0::127.0.0.1::nosuch::INSTR", e.Resource);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task End_flag_ends_a_program_message_that_has_no_newline()
    {
        await using var session = await OpenEmulatedAsync(_station.Vxi11Resources["awg1"]);

        await session.WriteAsync("*IDN?"u8.ToArray(), endOfMessage: true);

        Assert.StartsWith("TEKTRONIX", await session.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_read_in_small_pieces_survives_the_next_call_whether_blocking_or_cancellable(bool cancellable)
    {
        await using var session = await OpenEmulatedAsync(_station.Vxi11Resources["awg1"]);
        using var source = new CancellationTokenSource();
        var token = cancellable ? source.Token : CancellationToken.None;
        string whole = await session.QueryAsync("*IDN?");

        await session.WriteAsync("*IDN?\n"u8.ToArray(), endOfMessage: true, token);
        var piece = new byte[5];
        var first = await session.ReadAsync(piece, stopAtTermination: true, token);
        // A call between the pieces reuses the connection's reply buffer; the rest of the answer must not be in it.
        await session.ReadStatusByteAsync(token);
        var text = new System.Text.StringBuilder(System.Text.Encoding.ASCII.GetString(piece, 0, first.Count));
        for (var chunk = first; !chunk.EndOfMessage;)
        {
            chunk = await session.ReadAsync(piece, stopAtTermination: true, token);
            text.Append(System.Text.Encoding.ASCII.GetString(piece, 0, chunk.Count));
        }

        Assert.Equal(whole, text.ToString().TrimEnd('\n'));
    }

    [Fact]
    public async Task Newline_ends_a_program_message_sent_without_end_as_pyvisa_py_does_for_long_writes()
    {
        await using var session = await OpenEmulatedAsync(_station.Vxi11Resources["awg1"]);

        await session.WriteAsync("*IDN?\n"u8.ToArray(), endOfMessage: false);

        Assert.StartsWith("TEKTRONIX", await session.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serial_poll_shows_message_available_without_disturbing_the_answer()
    {
        await using var session = await OpenEmulatedAsync(_station.Vxi11Resources["awg1"]);

        byte idle = await session.ReadStatusByteAsync();
        await session.WriteLineAsync("*IDN?");
        byte waiting = await session.ReadStatusByteAsync();

        Assert.Equal(0, idle & 16);
        Assert.Equal(16, waiting & 16);
        Assert.StartsWith("TEKTRONIX", await session.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_are_chunked_at_max_recv_size_with_end_only_on_the_last_chunk()
    {
        await using var peer = Vxi11TestPeer.Start(Vxi11TestPeer.Behaviour.Echo, maxRecvSize: 1024);
        await using var session = await OpenPeerAsync(peer);
        string message = "DATA " + new string('x', 5000);

        await session.WriteLineAsync(message);

        var writes = peer.Writes.ToArray();
        Assert.Equal(message.Length + 1, writes.Sum(w => w.Length));
        Assert.All(writes, w => Assert.InRange(w.Length, 1, 1024));
        Assert.Equal([.. Enumerable.Repeat(false, writes.Length - 1), true], writes.Select(w => w.End));
        Assert.Equal(message, await session.ReadLineAsync());
    }

    [Fact]
    public async Task Reply_fragment_above_the_limit_is_refused_before_it_is_allocated()
    {
        await using var peer = Vxi11TestPeer.Start(Vxi11TestPeer.Behaviour.OversizedReadReply);
        await using var session = await OpenPeerAsync(peer);
        long before = GC.GetTotalAllocatedBytes();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        Assert.True(session.IsBroken);
        // The header announced ~2 GiB; far less than that was allocated by anyone meanwhile.
        Assert.InRange(GC.GetTotalAllocatedBytes() - before, 0, 256L << 20);
    }

    [Fact]
    public async Task Reply_to_another_call_breaks_the_session()
    {
        await using var peer = Vxi11TestPeer.Start(Vxi11TestPeer.Behaviour.ReplyToAnotherCall);
        await using var session = await OpenPeerAsync(peer);

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.Contains("reply to call", e.Message, StringComparison.Ordinal);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Device_error_names_its_vxi11_code_and_meaning()
    {
        await using var peer = Vxi11TestPeer.Start(Vxi11TestPeer.Behaviour.ReadFailsWithIoError);
        await using var session = await OpenPeerAsync(peer);

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("MEAS?"));

        Assert.Contains("VXI-11 error 17 (I/O error)", e.Message, StringComparison.Ordinal);
        Assert.Equal("MEAS?", e.Command);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task No_portmapper_is_a_refused_connection_that_says_where_it_looked()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() =>
            MessageSession.OpenAsync("TCPIP0::127.0.0.1::inst0::INSTR", new MessageSessionOptions { Vxi11PortmapperPort = port }));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("no portmapper", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task Disposing_destroys_the_link_so_a_locked_out_peer_is_not_needed()
    {
        await using var first = await OpenEmulatedAsync(_station.Vxi11Resources["bridge"]);
        await first.DisposeAsync();
        await using var second = await OpenEmulatedAsync(_station.Vxi11Resources["bridge"]);

        Assert.StartsWith("LSCI,MODEL372", await second.QueryAsync("*IDN?"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.QueryAsync("*IDN?"));
    }

    private Task<IMessageSession> OpenEmulatedAsync(string resource) =>
        MessageSession.OpenAsync(resource, new MessageSessionOptions { Vxi11PortmapperPort = _station.PortmapperPort });

    private static Task<IMessageSession> OpenPeerAsync(Vxi11TestPeer peer) =>
        MessageSession.OpenAsync(peer.Resource, new MessageSessionOptions { Vxi11PortmapperPort = peer.PortmapperPort, Timeout = TimeSpan.FromSeconds(5) });
}
