using System.Net;
using System.Net.Sockets;

namespace QDeviceLab.Cli.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of an instrument that cuts its first connection after a given
/// number of bytes from the instrument (a cable pulled mid-answer), then forwards later
/// connections faithfully, like a link that comes back.
/// </summary>
internal sealed class LinkDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly long _dropAfterBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public LinkDroppingProxy(string targetResource, long dropAfterBytes)
    {
        _targetPort = int.Parse(targetResource.Split("::")[2], System.Globalization.CultureInfo.InvariantCulture);
        _dropAfterBytes = dropAfterBytes;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Resource => $"TCPIP0::127.0.0.1::{((IPEndPoint)_listener.LocalEndpoint).Port}::SOCKET";

    /// <summary>True once the first connection has been cut.</summary>
    public bool Dropped { get; private set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var first = Interlocked.Increment(ref _connections) == 1;
                _ = Task.Run(() => ForwardAsync(client, first ? _dropAfterBytes : long.MaxValue));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private async Task ForwardAsync(TcpClient client, long budget)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var upstream = Pump(client.GetStream(), server.GetStream(), long.MaxValue, linked.Token);
                var downstream = Pump(server.GetStream(), client.GetStream(), budget, linked.Token);
                await Task.WhenAny(upstream, downstream);
                if (downstream.IsCompleted && budget != long.MaxValue)
                {
                    Dropped = true;
                }

                await linked.CancelAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, long budget, CancellationToken token)
    {
        var buffer = new byte[16384];
        try
        {
            while (budget > 0)
            {
                var n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, budget)), token);
                if (n == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, n), token);
                budget -= n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
