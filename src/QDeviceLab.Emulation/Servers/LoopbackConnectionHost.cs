using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace QDeviceLab.Emulation.Servers;

/// <summary>
/// The lifetime every TCP server of the emulator shares, so each server keeps only its protocol:
/// binding a loopback port (the model's well-known one when free), accepting on it, tracking each
/// connection's task, and on dispose stopping the listeners, cutting every open connection and
/// waiting until all of them have finished. A connection's serve function gets the socket and the
/// token that fires when the host stops; the host disposes the socket when it returns.
/// </summary>
internal sealed class LoopbackConnectionHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (Socket Socket, Task Task)> _connections = new();
    private readonly List<(TcpListener Listener, Task AcceptLoop)> _listeners = [];
    private int _nextConnectionId;
    private int _disposed;

    /// <summary>Fires when the host starts shutting down.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>
    /// Listens on 127.0.0.1 at <paramref name="preferredPort"/> when it is free and allowed (a
    /// well-known port such as 7777, 111 or 4880 may be taken or need root), else on an ephemeral
    /// port; 0 means ephemeral at once. <see cref="PortOf"/> says which.
    /// </summary>
    public static TcpListener Bind(int preferredPort)
    {
        if (preferredPort != 0)
        {
            var preferred = new TcpListener(IPAddress.Loopback, preferredPort);
            try
            {
                preferred.Start();
                return preferred;
            }
            catch (SocketException)
            {
                // Another emulator, a system service or the lack of root has it: take any port.
                preferred.Dispose();
            }
        }

        var ephemeral = new TcpListener(IPAddress.Loopback, 0);
        ephemeral.Start();
        return ephemeral;
    }

    public static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>
    /// Takes ownership of <paramref name="listener"/> and serves each connection it accepts with
    /// <paramref name="serve"/>, concurrently, until the host is disposed.
    /// </summary>
    public void Serve(TcpListener listener, Func<Socket, CancellationToken, Task> serve)
    {
        lock (_listeners)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            _listeners.Add((listener, Task.Run(() => AcceptLoopAsync(listener, serve))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        (TcpListener Listener, Task AcceptLoop)[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var (listener, _) in listeners)
        {
            listener.Stop();
        }

        foreach (var (socket, _) in _connections.Values)
        {
            socket.Dispose();
        }

        await Task.WhenAll(listeners.Select(l => l.AcceptLoop)).ConfigureAwait(false);
        await Task.WhenAll(_connections.Values.Select(c => c.Task)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, Func<Socket, CancellationToken, Task> serve)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            int id = Interlocked.Increment(ref _nextConnectionId);

            // The connection must be registered before it can finish and unregister itself.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = RunConnectionAsync(id, socket, serve, registered.Task);
            _connections[id] = (socket, task);
            registered.SetResult();

            // DisposeAsync may have cut the open connections just before this one was registered.
            if (_stop.IsCancellationRequested)
            {
                socket.Dispose();
            }
        }
    }

    private async Task RunConnectionAsync(int id, Socket socket, Func<Socket, CancellationToken, Task> serve, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await serve(socket, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
            socket.Dispose();
        }
    }
}
