using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Servers;

/// <summary>
/// Serves one emulated instrument over the raw SOCKET protocol on 127.0.0.1: '\n'-terminated
/// program messages (with embedded binary blocks) in, responses out. Any number of
/// sequential or concurrent connections; within one connection commands run in order.
/// A message that breaks the model's input bounds is logged in the instrument's error queue
/// and the connection is closed.
/// </summary>
internal sealed class ScpiSocketServer : IAsyncDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly ScpiInstrument _instrument;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (Socket Socket, Task Task)> _connections = new();
    private readonly Task _acceptLoop;
    private int _nextConnectionId;
    private int _disposed;

    private ScpiSocketServer(ScpiInstrument instrument)
    {
        _instrument = instrument;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>VISA resource string of this server.</summary>
    public string Resource => $"TCPIP0::127.0.0.1::{Port}::SOCKET";

    /// <summary>Binds an ephemeral loopback port and starts accepting.</summary>
    public static ScpiSocketServer Start(ScpiInstrument instrument) => new(instrument);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        foreach (var (socket, _) in _connections.Values)
        {
            socket.Dispose();
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_connections.Values.Select(c => c.Task)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            int id = Interlocked.Increment(ref _nextConnectionId);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = ServeAsync(id, socket, gate.Task);
            _connections[id] = (socket, task);
            gate.SetResult();
            if (_stop.IsCancellationRequested)
            {
                socket.Dispose();
            }
        }
    }

    private async Task ServeAsync(int id, Socket socket, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            var framer = new ProgramMessageFramer(_instrument.MaxBlockBytes, _instrument.MaxMessageTextBytes);
            var buffer = new byte[ReceiveBufferSize];
            var messages = new List<byte[]>();
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                var fatal = framer.Push(buffer.AsSpan(0, n), messages);
                foreach (var message in messages)
                {
                    var response = _instrument.Execute(message);
                    if (response is not null)
                    {
                        await SendAllAsync(socket, response).ConfigureAwait(false);
                    }
                }

                messages.Clear();
                if (fatal is ScpiError error)
                {
                    _instrument.ReportInputError(error);
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Client went away or the server is stopping.
        }
        finally
        {
            _connections.TryRemove(id, out _);
            socket.Dispose();
        }
    }

    private async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            data = data[sent..];
        }
    }
}
