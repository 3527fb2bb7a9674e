using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.Tests;

public class SocketMessageSessionTests
{
    private const string Idn = "QDeviceLab,EmulatedAWG,0001,1.0";

    [Fact]
    public async Task Query_round_trip_returns_the_answer_without_terminator()
    {
        await using var server = LoopbackInstrument.Answering(line => line == "*IDN?" ? Idn + "\n" : null);
        await using var session = await server.OpenAsync();

        Assert.Equal(Idn, await session.QueryAsync("*IDN?"));
        Assert.Equal(Idn, await session.QueryAsync("*IDN?"));
        Assert.False(session.IsBroken);
        Assert.Equal(server.Resource, session.Resource);
    }

    [Fact]
    public async Task Carriage_return_before_the_newline_is_stripped()
    {
        await using var server = LoopbackInstrument.Answering(_ => "1.25E-3\r\n");
        await using var session = await server.OpenAsync();

        Assert.Equal("1.25E-3", await session.QueryAsync("MEAS:VOLT?"));
    }

    [Fact]
    public async Task Two_answers_in_one_segment_are_read_as_two_lines()
    {
        await using var server = LoopbackInstrument.Answering(_ => "first\nsecond\n");
        await using var session = await server.OpenAsync();

        Assert.Equal("first", await session.QueryAsync("TWO?"));
        Assert.Equal("second", await session.ReadLineAsync());
    }

    [Fact]
    public async Task Another_termination_character_ends_the_answer()
    {
        await using var server = LoopbackInstrument.Answering(_ => "4.2K\r");
        await using var session = await server.OpenAsync();
        session.TerminationCharacter = (byte)'\r';

        Assert.Equal("4.2K", await session.QueryAsync("KRDG? A"));
    }

    [Fact]
    public async Task Answer_longer_than_the_receive_buffer_is_read_whole()
    {
        string longAnswer = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"{i % 10},"));
        await using var server = LoopbackInstrument.Answering(_ => longAnswer + "\n");
        await using var session = await server.OpenAsync(receiveBufferSize: 4096);

        Assert.Equal(longAnswer, await session.QueryAsync("TRAC:DATA?"));
        Assert.Equal(longAnswer, await session.QueryAsync("TRAC:DATA?"));
    }

    [Fact]
    public async Task Answer_beyond_the_line_bound_is_an_error_and_breaks_the_session()
    {
        await using var server = LoopbackInstrument.Answering(_ => new string('x', 1000) + "\n");
        await using var session = await server.OpenAsync();
        await session.WriteLineAsync("DATA?");

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.ReadLineAsync(maxLength: 100));

        Assert.Contains("longer than 100 bytes", e.Message);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Answer_exactly_at_the_line_bound_is_accepted()
    {
        await using var server = LoopbackInstrument.Answering(_ => new string('x', 100) + "\r\n");
        await using var session = await server.OpenAsync();
        await session.WriteLineAsync("DATA?");

        Assert.Equal(100, (await session.ReadLineAsync(maxLength: 100)).Length);
    }

    [Fact]
    public async Task Timeout_throws_a_transient_timeout_naming_the_command_and_breaks_the_session()
    {
        var clock = new FakeTimeProvider();
        await using var server = LoopbackInstrument.Answering(_ => null);
        await using var session = await server.OpenAsync(TimeSpan.FromSeconds(2), clock);

        var query = session.QueryAsync("*OPC?");
        for (int i = 0; i < 10_000 && !query.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        var e = await Assert.ThrowsAsync<VisaTimeoutException>(() => query);
        Assert.True(e.IsTransient);
        Assert.Equal("*OPC?", e.Command);
        Assert.Equal(server.Resource.ToString(), e.Resource);
        Assert.Contains("timed out after 2000 ms", e.Message);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Real_clock_timeout_of_200_ms_fires_and_later_calls_say_the_session_is_broken()
    {
        await using var server = LoopbackInstrument.Answering(_ => null);
        await using var session = await server.OpenAsync(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<VisaTimeoutException>(() => session.QueryAsync("*OPC?"));
        var next = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));

        Assert.IsNotType<VisaTimeoutException>(next);
        Assert.Contains("broken", next.Message);
        Assert.Contains("must be reopened", next.Message);
        Assert.Contains(server.Resource.ToString(), next.Message);
    }

    [Fact]
    public async Task Caller_cancellation_while_waiting_is_a_cancellation_not_a_timeout_and_breaks()
    {
        var commandArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackInstrument.Answering(_ =>
        {
            commandArrived.TrySetResult();
            return null;
        });
        await using var session = await server.OpenAsync(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource();

        var query = session.QueryAsync("MEAS?", cts.Token);
        await commandArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Already_cancelled_token_throws_before_any_io_and_leaves_the_session_usable()
    {
        await using var server = LoopbackInstrument.Answering(_ => Idn + "\n");
        await using var session = await server.OpenAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.QueryAsync("*IDN?", new CancellationToken(canceled: true)));

        Assert.False(session.IsBroken);
        Assert.Equal(Idn, await session.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Peer_closing_mid_answer_is_an_io_error_and_breaks_the_session()
    {
        await using var server = new LoopbackInstrument(async (connection, stop) =>
        {
            await connection.ReadLineAsync(stop);
            await connection.WriteAsync("1.2345,6.78", stop);
        });
        await using var session = await server.OpenAsync();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("FETC?"));

        Assert.Contains("closed the connection in the middle of an answer", e.Message);
        Assert.Equal("FETC?", e.Command);
        Assert.True(e.IsTransient);
        Assert.True(session.IsBroken);
        var next = await Assert.ThrowsAsync<InstrumentIOException>(() => session.WriteLineAsync("*RST"));
        Assert.Contains("broken", next.Message);
    }

    [Fact]
    public async Task Concurrent_queries_are_serialized_and_never_get_each_others_answers()
    {
        await using var server = new LoopbackInstrument(async (connection, stop) =>
        {
            var random = new Random(7);
            while (await connection.ReadLineAsync(stop) is string line)
            {
                // Answer in two pieces with a pause, so an unserialized reader would interleave.
                string answer = line.Replace("?", "", StringComparison.Ordinal);
                await connection.WriteAsync(answer[..1], stop);
                await Task.Delay(random.Next(0, 2), stop);
                await connection.WriteAsync(answer[1..] + "\n", stop);
            }
        });
        await using var session = await server.OpenAsync();

        var queries = Enumerable.Range(0, 40).Select(i => Task.Run(() => session.QueryAsync($"CH{i}?"))).ToArray();
        string[] answers = await Task.WhenAll(queries);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"CH{i}"), answers);
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Host_name_is_resolved_when_connecting()
    {
        await using var server = LoopbackInstrument.Answering(_ => Idn + "\n");
        await using var session = await MessageSession.OpenAsync($"TCPIP0::localhost::{server.Port}::SOCKET");

        Assert.Equal(Idn, await session.QueryAsync("*IDN?"));
        Assert.Equal("localhost", session.Resource.Host);
    }

    [Fact]
    public async Task Connect_timeout_is_a_visa_timeout_naming_the_resource()
    {
        // A listener that never accepts and whose backlog is full: Linux drops further SYNs, so
        // the next connect hangs until our timeout.
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                var filler = new Socket(SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(filler);
                try
                {
                    filler.Connect(IPAddress.Loopback, port);
                }
                catch (SocketException)
                {
                    // Non-blocking connect in progress (or dropped): either way it holds a slot.
                }
            }

            var options = new MessageSessionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) };
            var e = await Assert.ThrowsAsync<VisaTimeoutException>(() => MessageSession.OpenAsync($"TCPIP::127.0.0.1::{port}::SOCKET", options));

            Assert.Equal($"TCPIP0::127.0.0.1::{port}::SOCKET", e.Resource);
            Assert.Contains("no connection to 127.0.0.1", e.Message);
            Assert.True(e.IsTransient);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Refused_connection_names_the_resource()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var resource = ResourceName.Parse($"TCPIP::127.0.0.1::{port}::SOCKET");

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync(resource));

        Assert.Equal($"TCPIP0::127.0.0.1::{port}::SOCKET", e.Resource);
        Assert.Contains($"TCPIP0::127.0.0.1::{port}::SOCKET", e.Message);
        Assert.Contains("refused", e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task Clear_discards_input_already_received()
    {
        await using var server = LoopbackInstrument.Answering(line => line == "SYNC?" ? "ok\nstale\n" : "fresh\n");
        await using var session = await server.OpenAsync();

        Assert.Equal("ok", await session.QueryAsync("SYNC?"));
        await session.ClearAsync();

        Assert.Equal("fresh", await session.QueryAsync("NEXT?"));
    }

    [Fact]
    public async Task Status_byte_is_read_with_stb_query()
    {
        await using var server = LoopbackInstrument.Answering(line => line == "*STB?" ? "+80\n" : null);
        await using var session = await server.OpenAsync();

        Assert.Equal(80, await session.ReadStatusByteAsync());
    }

    [Fact]
    public async Task Status_byte_answer_that_is_not_a_byte_is_an_io_error()
    {
        await using var server = LoopbackInstrument.Answering(_ => "BUSY\n");
        await using var session = await server.OpenAsync();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(async () => await session.ReadStatusByteAsync());

        Assert.Equal("*STB?", e.Command);
        Assert.Contains("'BUSY'", e.Message);
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Disposed_session_refuses_further_calls()
    {
        await using var server = LoopbackInstrument.Answering(_ => Idn + "\n");
        var session = await server.OpenAsync();
        await session.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Non_ascii_commands_are_rejected_before_sending()
    {
        await using var server = LoopbackInstrument.Answering(_ => null);
        await using var session = await server.OpenAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => session.WriteLineAsync("TEMP 4°K"));
        Assert.False(session.IsBroken);
    }
}
