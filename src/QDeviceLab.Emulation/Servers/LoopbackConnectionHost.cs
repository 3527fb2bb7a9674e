using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace QDeviceLab.Emulation.Servers;

/// <summary>
/// The lifetime every TCP server of the emulator shares, so each server keeps only its protocol:
/// binding a loopback port (the model's well-known one when free), accepting on it, and serving
/// each connection on a thread of its own with blocking socket I/O. An instrument answers one
/// message at a time per connection, so receive, execute and send in one thread is the natural
/// shape, and it is the fast one: an asynchronous loop hands every message from the socket event
/// thread to a pool thread, and on one core those context switches cost half a round trip.
/// On dispose the host stops the listeners, cuts every open connection (a blocked receive then
/// fails at once) and waits until all of them have finished.
/// </summary>
internal sealed class LoopbackConnectionHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (Socket Socket, Task Finished)> _connections = new();
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
    /// <paramref name="serve"/> on a dedicated thread, concurrently, until the host is disposed.
    /// <paramref name="serve"/> uses blocking I/O on the socket; the host disposes it on return.
    /// </summary>
    public void Serve(TcpListener listener, Action<Socket, CancellationToken> serve)
    {
        lock (_listeners)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            // A thread of its own, blocking in accept: the accept loop must not wait for a
            // thread-pool thread, which a test process whose pool threads block in synchronous
            // client I/O may not have free for seconds (a first *IDN? then timed out in CI).
            var accepting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() => AcceptLoop(listener, serve, accepting))
            {
                IsBackground = true,
                Name = $"emulator accept {PortOf(listener)}",
            };
            _listeners.Add((listener, accepting.Task));
            thread.Start();
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
            Cut(socket);
        }

        await Task.WhenAll(listeners.Select(l => l.AcceptLoop)).ConfigureAwait(false);
        await Task.WhenAll(_connections.Values.Select(c => c.Finished)).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Ends a connection so that a receive or send blocked on it returns at once.</summary>
    private static void Cut(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer or by its serve function.
        }

        socket.Dispose();
    }

    private void AcceptLoop(TcpListener listener, Action<Socket, CancellationToken> serve, TaskCompletionSource finished)
    {
        try
        {
            AcceptUntilStopped(listener, serve);
        }
        finally
        {
            finished.SetResult();
        }
    }

    private void AcceptUntilStopped(TcpListener listener, Action<Socket, CancellationToken> serve)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                // Blocking; DisposeAsync's listener.Stop() ends it with a SocketException.
                socket = listener.AcceptSocket();
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            socket.NoDelay = true;
            int id = Interlocked.Increment(ref _nextConnectionId);
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Registered before its thread starts, so it cannot finish and unregister first.
            _connections[id] = (socket, finished.Task);
            var thread = new Thread(() => RunConnection(id, socket, serve, finished))
            {
                IsBackground = true,
                Name = $"emulator connection {id}",
            };
            thread.Start();

            // DisposeAsync may have cut the open connections just before this one was registered.
            if (_stop.IsCancellationRequested)
            {
                Cut(socket);
            }
        }
    }

    private void RunConnection(int id, Socket socket, Action<Socket, CancellationToken> serve, TaskCompletionSource finished)
    {
        Exception? failure = null;
        try
        {
            serve(socket, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // The client went away or the server is stopping.
        }
        catch (Exception e)
        {
            // A fault of the server itself: reported when the host is disposed, never a crash of the process.
            failure = e;
        }
        finally
        {
            _connections.TryRemove(id, out _);
            socket.Dispose();
            if (failure is null)
            {
                finished.SetResult();
            }
            else
            {
                finished.SetException(failure);
            }
        }
    }
}
