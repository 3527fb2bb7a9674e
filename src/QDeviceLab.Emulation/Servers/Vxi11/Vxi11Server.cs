using System.Collections.Concurrent;
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
    /// <summary>
    /// What create_link announces: writes arrive in chunks of at most this many bytes. 1 MiB (as
    /// some LAN instruments announce) keeps a large upload to a few hundred device_write round trips.
    /// </summary>
    public const int DefaultMaxRecvSize = 1 << 20;

    /// <summary>Portmapper and abort calls are a few words; anything bigger is not one of them.</summary>
    private const int SmallRecordBytes = 4096;

    private readonly IReadOnlyList<(string Name, ScpiInstrument Instrument)> _devices;
    private readonly LoopbackConnectionHost _host = new();
    private readonly ConcurrentDictionary<int, Vxi11CoreChannel> _linkOwners = new();
    private readonly Dictionary<ScpiInstrument, int> _lockHolders = [];
    private int _nextLinkId;

    private Vxi11Server(IReadOnlyList<(string, ScpiInstrument)> devices, int preferredPortmapperPort, int maxRecvSize)
    {
        _devices = devices;
        MaxRecvSize = maxRecvSize;
        var portmapperListener = LoopbackConnectionHost.Bind(preferredPortmapperPort);
        var coreListener = LoopbackConnectionHost.Bind(0);
        var abortListener = LoopbackConnectionHost.Bind(0);
        PortmapperPort = LoopbackConnectionHost.PortOf(portmapperListener);
        CorePort = LoopbackConnectionHost.PortOf(coreListener);
        AbortPort = LoopbackConnectionHost.PortOf(abortListener);
        var portmapper = new PortmapperService(PortmapperPort, CorePort, AbortPort);
        _host.Serve(portmapperListener, (socket, stop) => RpcServerLoop.Serve(socket, SmallRecordBytes, portmapper.Handle, stop));
        _host.Serve(coreListener, ServeCoreChannel);
        _host.Serve(abortListener, (socket, stop) => RpcServerLoop.Serve(socket, SmallRecordBytes, HandleAbort, stop));
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

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private void HandleAbort(RpcCallContext call, XdrWriter reply, CancellationToken stop)
    {
        const uint deviceAbort = 1;
        if (call.Header.Program != AbortProgram || call.Header.Version != ProgramVersion || call.Header.Procedure != deviceAbort)
        {
            RpcServerLoop.Refuse(call, reply, AbortProgram, ProgramVersion);
            return;
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
    }

    /// <summary>A core channel's links (and their locks) live as long as its connection.</summary>
    private void ServeCoreChannel(Socket socket, CancellationToken stop)
    {
        using var channel = new Vxi11CoreChannel(this, socket);
        RpcServerLoop.Serve(socket, MaxRecvSize + 1024, channel.Handle, stop);
    }
}
