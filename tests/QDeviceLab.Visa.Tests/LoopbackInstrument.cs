using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QDeviceLab.Visa.Tests;

/// <summary>
/// A real TCP server on 127.0.0.1, port 0, playing a scripted instrument for each connection it
/// accepts. A connection closes when its script returns; disposing stops everything.
/// </summary>
internal sealed class LoopbackInstrument : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<InstrumentConnection, CancellationToken, Task> _script;
    private readonly List<InstrumentConnection> _connections = [];
    private readonly List<Task> _running = [];
    private readonly Task _accepting;

    static LoopbackInstrument()
    {
        // On a 2-core machine the test host and xunit keep the pool's two minimum threads busy and
        // a random socket test then waits ~0.5-1 s for thread injection. The session code alone
        // does not starve the pool (checked with a console loop of open/query/timeout/dispose), so
        // give the test process a few more threads rather than slow or flaky tests.
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completionPorts);
    }

    public LoopbackInstrument(Func<InstrumentConnection, CancellationToken, Task> script)
    {
        _script = script;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public ResourceName Resource => ResourceName.Parse($"TCPIP0::127.0.0.1::{Port}::SOCKET");

    /// <summary>First exception a script threw, other than the client going away.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>An instrument that answers each received line with <paramref name="answer"/> (null: no answer).</summary>
    public static LoopbackInstrument Answering(Func<string, string?> answer) => new(async (connection, stop) =>
    {
        while (await connection.ReadLineAsync(stop) is string line)
        {
            if (answer(line) is string reply)
            {
                await connection.WriteAsync(reply, stop);
            }
        }
    });

    public Task<IMessageSession> OpenAsync(TimeSpan? timeout = null, TimeProvider? time = null, int receiveBufferSize = 64 * 1024) =>
        MessageSession.OpenAsync(Resource, new MessageSessionOptions
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            TimeProvider = time ?? TimeProvider.System,
            ReceiveBufferSize = receiveBufferSize,
        });

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] running;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            running = [.. _running];
        }

        await _accepting;
        await Task.WhenAll(running);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                var connection = new InstrumentConnection(socket);
                lock (_connections)
                {
                    _connections.Add(connection);
                    _running.Add(RunAsync(connection));
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(InstrumentConnection connection)
    {
        try
        {
            await _script(connection, _stop.Token);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away: normal for broken-session tests.
        }
        catch (Exception e)
        {
            Fault ??= e;
        }
        finally
        {
            connection.Dispose();
        }
    }
}

/// <summary>Server side of one connection, with just enough parsing for scripted answers.</summary>
internal sealed class InstrumentConnection(Socket socket) : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Next line without its '\n'; null when the client closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = newline >= 0 ? newline : _end;
            line.AddRange(_buffer.AsSpan(_start, stop - _start));
            _start = newline >= 0 ? newline + 1 : _end;
            if (newline >= 0)
            {
                return Encoding.Latin1.GetString(line.ToArray());
            }
        }
    }

    public async Task<byte[]> ReadExactlyAsync(long count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        int have = 0;
        while (have < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException($"client closed after {have} of {count} bytes");
            }

            int take = (int)Math.Min(count - have, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(have));
            _start += take;
            have += take;
        }

        return result;
    }

    /// <summary>Reads <c>prefix #n len payload \n</c> using the shared header codec, as the emulator would.</summary>
    public async Task<(string Prefix, byte[] Payload)> ReadBlockMessageAsync(CancellationToken cancellationToken)
    {
        var prefix = new StringBuilder();
        while (true)
        {
            byte b = (await ReadExactlyAsync(1, cancellationToken))[0];
            if (b == (byte)'#')
            {
                break;
            }

            prefix.Append((char)b);
        }

        var header = new List<byte> { (byte)'#' };
        header.AddRange(await ReadExactlyAsync(1, cancellationToken));
        long payloadLength;
        while (!Ieee4882Block.TryParseHeader(header.ToArray(), out _, out payloadLength, out _))
        {
            header.AddRange(await ReadExactlyAsync(1, cancellationToken));
        }

        byte[] payload = await ReadExactlyAsync(payloadLength, cancellationToken);
        byte[] terminator = await ReadExactlyAsync(1, cancellationToken);
        if (terminator[0] != (byte)'\n')
        {
            throw new InvalidDataException($"expected '\\n' after the block, got 0x{terminator[0]:X2}");
        }

        return (prefix.ToString(), payload);
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken) => WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    public void Dispose()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        int received = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
        _start = 0;
        _end = received;
        return received > 0;
    }
}
