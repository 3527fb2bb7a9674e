using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Visa.Vxi11;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Emulation.Servers.Vxi11;

/// <summary>
/// One VXI-11 server for a whole station on 127.0.0.1: a portmapper (port 111 when asked and it can
/// have it, else an ephemeral port), the core channel and the abort channel. The LAN device name picks the
/// instrument: its name in the station file (<c>TCPIP0::127.0.0.1::awg1::INSTR</c>), and
/// <c>inst0</c> for the first one. It drives the same instrument objects as the SOCKET servers.
/// </summary>
internal sealed class Vxi11Server : IAsyncDisposable
{
    /// <summary>What create_link announces: writes arrive in chunks of at most this many bytes.</summary>
    public const int DefaultMaxRecvSize = 64 * 1024;

    /// <summary>Portmapper and abort calls are a few words; anything bigger is not one of them.</summary>
    private const int SmallRecordBytes = 4096;

    private readonly IReadOnlyList<(string Name, ScpiInstrument Instrument)> _devices;
    private readonly TcpListener _portmapper;
    private readonly TcpListener _core;
    private readonly TcpListener _abort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (Socket Socket, Task Task)> _connections = new();
    private readonly ConcurrentDictionary<int, Vxi11CoreChannel> _linkOwners = new();
    private readonly Dictionary<ScpiInstrument, int> _lockHolders = [];
    private readonly Task[] _acceptLoops;
    private int _nextConnectionId;
    private int _nextLinkId;
    private int _disposed;

    private Vxi11Server(IReadOnlyList<(string, ScpiInstrument)> devices, int preferredPortmapperPort, int maxRecvSize)
    {
        _devices = devices;
        MaxRecvSize = maxRecvSize;
        _portmapper = Listen(preferredPortmapperPort);
        _core = Listen(0);
        _abort = Listen(0);
        PortmapperPort = ((IPEndPoint)_portmapper.LocalEndpoint).Port;
        CorePort = ((IPEndPoint)_core.LocalEndpoint).Port;
        AbortPort = ((IPEndPoint)_abort.LocalEndpoint).Port;
        var portmapper = new PortmapperService(PortmapperPort, CorePort, AbortPort);
        _acceptLoops =
        [
            Task.Run(() => AcceptLoopAsync(_portmapper, _ => (portmapper.HandleAsync, null), SmallRecordBytes)),
            Task.Run(() => AcceptLoopAsync(_core, OpenCoreChannel, MaxRecvSize + 1024)),
            Task.Run(() => AcceptLoopAsync(_abort, _ => (HandleAbortAsync, null), SmallRecordBytes)),
        ];
    }

    public int PortmapperPort { get; }

    public int CorePort { get; }

    public int AbortPort { get; }

    public int MaxRecvSize { get; }

    /// <summary>Largest data one device_read returns, so a reply record stays bounded whatever the client asks.</summary>
    public int MaxReadChunk => 1 << 20;

    /// <summary>
    /// Starts serving <paramref name="devices"/> (in station order). The portmapper binds
    /// <paramref name="preferredPortmapperPort"/> if it is free and allowed (port 111 needs root),
    /// otherwise an ephemeral port; 0 means ephemeral at once. See <see cref="PortmapperPort"/>.
    /// </summary>
    public static Vxi11Server Start(IReadOnlyList<(string Name, ScpiInstrument Instrument)> devices, int preferredPortmapperPort, int maxRecvSize = DefaultMaxRecvSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecvSize, 1024);
        return new Vxi11Server(devices, preferredPortmapperPort, maxRecvSize);
    }

    /// <summary>The INSTR resource of <paramref name="deviceName"/> (found through the portmapper).</summary>
    public static string ResourceFor(string deviceName) => $"TCPIP0::127.0.0.1::{deviceName}::INSTR";

    public ScpiInstrument? Find(string device)
    {
        foreach (var (name, instrument) in _devices)
        {
            if (string.Equals(name, device, StringComparison.OrdinalIgnoreCase))
            {
                return instrument;
            }
        }

        return _devices.Count > 0 && string.Equals(device, "inst0", StringComparison.OrdinalIgnoreCase) ? _devices[0].Instrument : null;
    }

    public int NextLinkId() => Interlocked.Increment(ref _nextLinkId);

    public void RegisterLink(int linkId, Vxi11CoreChannel owner) => _linkOwners[linkId] = owner;

    /// <summary>The link is gone (destroy_link or its connection closed): its lock and abort routing go too.</summary>
    public void ReleaseLink(Vxi11Link link)
    {
        Unlock(link);
        _linkOwners.TryRemove(link.Id, out _);
    }

    public bool TryLock(Vxi11Link link)
    {
        lock (_lockHolders)
        {
            if (_lockHolders.TryGetValue(link.Instrument, out int holder))
            {
                return holder == link.Id;
            }

            _lockHolders[link.Instrument] = link.Id;
            return true;
        }
    }

    public bool Unlock(Vxi11Link link)
    {
        lock (_lockHolders)
        {
            return _lockHolders.TryGetValue(link.Instrument, out int holder) && holder == link.Id && _lockHolders.Remove(link.Instrument);
        }
    }

    public bool IsLockedByOther(Vxi11Link link)
    {
        lock (_lockHolders)
        {
            return _lockHolders.TryGetValue(link.Instrument, out int holder) && holder != link.Id;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _portmapper.Stop();
        _core.Stop();
        _abort.Stop();
        foreach (var (socket, _) in _connections.Values)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        await Task.WhenAll(_connections.Values.Select(c => c.Task)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private static TcpListener Listen(int preferredPort)
    {
        if (preferredPort != 0)
        {
            var preferred = new TcpListener(IPAddress.Loopback, preferredPort);
            try
            {
                preferred.Start();
                return preferred;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                // Not root, or a system rpcbind (or another emulator) has it: take any port.
                preferred.Dispose();
            }
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private ValueTask HandleAbortAsync(RpcCallContext call, XdrWriter reply, CancellationToken stop)
    {
        const uint deviceAbort = 1;
        if (call.Header.Program != AbortProgram || call.Header.Version != ProgramVersion || call.Header.Procedure != deviceAbort)
        {
            RpcServerLoop.Refuse(call, reply, AbortProgram, ProgramVersion);
            return ValueTask.CompletedTask;
        }

        int linkId = call.Arguments.Int32();
        OncRpc.WriteAcceptedReply(reply, call.Header.Xid, RpcAcceptStatus.Success);
        if (_linkOwners.TryGetValue(linkId, out var owner))
        {
            owner.Abort();
            reply.Int32(ErrorNone);
        }
        else
        {
            reply.Int32(ErrorInvalidLinkId);
        }

        return ValueTask.CompletedTask;
    }

    private (RpcServerLoop.Dispatch, IDisposable?) OpenCoreChannel(Socket socket)
    {
        var channel = new Vxi11CoreChannel(this, socket);
        return (channel.HandleAsync, channel);
    }

    private async Task AcceptLoopAsync(TcpListener listener, Func<Socket, (RpcServerLoop.Dispatch Dispatch, IDisposable? State)> open, int maxRecordBytes)
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
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = ServeAsync(id, socket, open(socket), maxRecordBytes, gate.Task);
            _connections[id] = (socket, task);
            gate.SetResult();
            if (_stop.IsCancellationRequested)
            {
                socket.Dispose();
            }
        }
    }

    private async Task ServeAsync(int id, Socket socket, (RpcServerLoop.Dispatch Dispatch, IDisposable? State) service, int maxRecordBytes, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await RpcServerLoop.ServeAsync(socket, maxRecordBytes, service.Dispatch, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            service.State?.Dispose();
            _connections.TryRemove(id, out _);
            socket.Dispose();
        }
    }
}
