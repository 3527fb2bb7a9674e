using System.Net.Sockets;
using QDeviceLab.Visa.Vxi11;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Emulation.Servers.Vxi11;

/// <summary>
/// The VXI-11 core channel of one TCP connection: the links created on it and the procedures
/// that use them. Links die with the connection, as on a real instrument.
/// </summary>
internal sealed class Vxi11CoreChannel(Vxi11Server server, Socket socket) : IDisposable
{
    private const int MaxDeviceNameLength = 256;
    private const uint EnableSrq = 20;
    private const uint DoCommand = 22;
    private const uint CreateInterruptChannel = 25;
    private const uint DestroyInterruptChannel = 26;

    private readonly Dictionary<int, Vxi11Link> _links = [];

    /// <summary>How often a read that waits out its I/O timeout looks for device_abort (from the abort channel's thread) and the server stopping.</summary>
    private static readonly TimeSpan AbortCheckInterval = TimeSpan.FromMilliseconds(20);

    private volatile bool _aborted;

    /// <summary>A drop_link fault cut an answer: the reply carrying what got through was the last.</summary>
    private bool _linkDropped;

    public void Handle(RpcCallContext call, XdrWriter reply, CancellationToken stop)
    {
        if (_linkDropped)
        {
            throw new EndOfStreamException("the link was dropped by a drop_link fault");
        }

        var header = call.Header;
        if (header.Program != CoreProgram || header.Version != ProgramVersion)
        {
            RpcServerLoop.Refuse(call, reply, CoreProgram, ProgramVersion);
            return;
        }

        var args = call.Arguments;
        switch (header.Procedure)
        {
            case CreateLink:
                args.Int32(); // client id
                bool lockDevice = args.Bool();
                args.UInt32(); // lock timeout: locks are granted at once or refused
                string device = args.String(MaxDeviceNameLength);
                Accept(reply, header);
                CreateLinkTo(device, lockDevice, reply);
                return;
            case DeviceWrite:
            {
                var link = LinkOrNull(args.Int32());
                args.UInt32();
                args.UInt32();
                uint flags = args.UInt32();
                var data = args.Opaque(server.MaxRecvSize);
                if (link is not null && !server.IsLockedByOther(link) && link.Instrument.Faults.TakeBytes(data.Length) is int arrived && arrived < data.Length)
                {
                    // A dropped link: the instrument gets what got through, unanswered, and the connection closes.
                    link.Write(data[..arrived], end: false);
                    throw new EndOfStreamException("the link was dropped by a drop_link fault during device_write");
                }

                Accept(reply, header);
                int error = link is null ? ErrorInvalidLinkId
                    : server.IsLockedByOther(link) ? ErrorLockedByAnotherLink
                    : link.Write(data, (flags & FlagEnd) != 0);
                reply.Int32(error).UInt32(error == ErrorNone ? (uint)data.Length : 0u);
                return;
            }

            case DeviceRead:
            {
                var link = LinkOrNull(args.Int32());
                uint requestSize = args.UInt32();
                uint ioTimeout = args.UInt32();
                args.UInt32();
                uint flags = args.UInt32();
                uint termChar = args.UInt32();
                Accept(reply, header);
                Read(link, requestSize, ioTimeout, flags, termChar, reply, stop);
                return;
            }

            case DeviceReadStb:
            {
                var link = LinkOrNull(args.Int32());
                Accept(reply, header);
                // MAV (bit 4) is the transport's to know: a response waits in this link's output queue.
                byte stb = link is null ? (byte)0 : (byte)(link.Instrument.StatusByte | (link.HasOutput ? 16 : 0));
                reply.Int32(link is null ? ErrorInvalidLinkId : ErrorNone).UInt32(stb);
                return;
            }

            case DeviceClear:
            {
                var link = LinkOrNull(args.Int32());
                Accept(reply, header);
                link?.Clear();
                reply.Int32(link is null ? ErrorInvalidLinkId : ErrorNone);
                return;
            }

            case DeviceRemote or DeviceLocal or DeviceTrigger:
            {
                var link = LinkOrNull(args.Int32());
                Accept(reply, header);
                // Remote/local are no-ops for an emulated front panel; the models define no trigger.
                int error = link is null ? ErrorInvalidLinkId : header.Procedure == DeviceTrigger ? ErrorOperationNotSupported : ErrorNone;
                reply.Int32(error);
                return;
            }

            case DeviceLock:
            {
                var link = LinkOrNull(args.Int32());
                Accept(reply, header);
                reply.Int32(link is null ? ErrorInvalidLinkId : server.TryLock(link) ? ErrorNone : ErrorLockedByAnotherLink);
                return;
            }

            case DeviceUnlock:
            {
                var link = LinkOrNull(args.Int32());
                Accept(reply, header);
                reply.Int32(link is null ? ErrorInvalidLinkId : server.Unlock(link) ? ErrorNone : ErrorNoLockHeld);
                return;
            }

            case DestroyLink:
            {
                int id = args.Int32();
                Accept(reply, header);
                bool known = _links.Remove(id, out var link);
                if (link is not null)
                {
                    server.ReleaseLink(link);
                }

                reply.Int32(known ? ErrorNone : ErrorInvalidLinkId);
                return;
            }

            case EnableSrq or DoCommand or CreateInterruptChannel or DestroyInterruptChannel:
                // Defined by VXI-11 but not emulated: SRQ, vendor commands, the interrupt channel.
                Accept(reply, header);
                reply.Int32(ErrorOperationNotSupported);
                return;
            default:
                RpcServerLoop.Refuse(call, reply, CoreProgram, ProgramVersion);
                return;
        }
    }

    /// <summary>device_abort from the abort channel: a read waiting on this connection gives up with error 23.</summary>
    public void Abort() => _aborted = true;

    public void Dispose()
    {
        foreach (var link in _links.Values)
        {
            server.ReleaseLink(link);
        }

        _links.Clear();
    }

    private static void Accept(XdrWriter reply, RpcCallHeader header) => OncRpc.WriteAcceptedReply(reply, header.Xid, RpcAcceptStatus.Success);

    private void CreateLinkTo(string device, bool lockDevice, XdrWriter reply)
    {
        if (server.Find(device) is not { } instrument)
        {
            reply.Int32(ErrorDeviceNotAccessible).Int32(0).UInt32(0).UInt32(0);
            return;
        }

        var link = new Vxi11Link(server.NextLinkId(), instrument);
        if (lockDevice && !server.TryLock(link))
        {
            reply.Int32(ErrorLockedByAnotherLink).Int32(0).UInt32(0).UInt32(0);
            return;
        }

        _links[link.Id] = link;
        server.RegisterLink(link.Id, this);
        reply.Int32(ErrorNone).Int32(link.Id).UInt32((uint)server.AbortPort).UInt32((uint)server.MaxRecvSize);
    }

    private Vxi11Link? LinkOrNull(int id) => _links.GetValueOrDefault(id);

    private void Read(Vxi11Link? link, uint requestSize, uint ioTimeout, uint flags, uint termChar, XdrWriter reply, CancellationToken stop)
    {
        if (link is null || requestSize == 0)
        {
            reply.Int32(link is null ? ErrorInvalidLinkId : ErrorParameter).UInt32(0).Opaque([]);
            return;
        }

        if (server.IsLockedByOther(link))
        {
            reply.Int32(ErrorLockedByAnotherLink).UInt32(0).Opaque([]);
            return;
        }

        if (!link.HasOutput)
        {
            // Responses are produced by writes on this same channel, so none can arrive while we
            // wait: this is a query that was never sent (or a hung one). Wait out the client's
            // I/O timeout, unless it hangs up, aborts, or the server stops.
            int error = WaitOut(ioTimeout, stop);
            reply.Int32(error).UInt32(0).Opaque([]);
            return;
        }

        var faults = link.Instrument.Faults;
        if (!faults.IsEmpty && link.AtAnswerStart)
        {
            // Latency holds each answer back once, before its first byte, and a garbage or truncated
            // answer is spoiled by the same rule as on the SOCKET server.
            long answer = faults.HoldAnswer(stop);
            var (bytes, cut) = faults.Spoil(answer, link.Head, link.Instrument.ResponseTerminator);
            link.SpoilHead(bytes, cut);
        }

        int? stopAt = (flags & FlagTermCharSet) != 0 ? (int)(termChar & 0xFF) : null;
        var (data, reason) = link.Read((int)Math.Min(requestSize, (uint)server.MaxReadChunk), stopAt);
        int allowed = faults.TakeBytes(data.Length);
        if (allowed < data.Length)
        {
            // The bytes before the cut arrive (without END); the next call on this connection finds it closed.
            data = data[..allowed];
            reason = 0;
            _linkDropped = true;
        }

        if (link.CutAnswerEnded)
        {
            // A truncated answer: its first half arrives without END, then the connection closes.
            _linkDropped = true;
        }

        reply.Int32(ErrorNone).UInt32(reason).Opaque(data);
    }

    /// <summary>
    /// Waits out the client's I/O timeout on this connection's thread; ends early with the abort
    /// error when device_abort arrives, with the timeout error when the client sends its next call,
    /// and with an <see cref="EndOfStreamException"/> when it hangs up.
    /// </summary>
    private int WaitOut(uint ioTimeout, CancellationToken stop)
    {
        _aborted = false;
        long deadline = ioTimeout == uint.MaxValue ? long.MaxValue : Environment.TickCount64 + ioTimeout;
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            if (_aborted)
            {
                return ErrorAbort;
            }

            stop.ThrowIfCancellationRequested();
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                return ErrorIoTimeout;
            }

            var slice = TimeSpan.FromMilliseconds(Math.Min(remaining, (long)AbortCheckInterval.TotalMilliseconds));
            if (socket.Poll(slice, SelectMode.SelectRead))
            {
                if (socket.Receive(one, SocketFlags.Peek) == 0)
                {
                    throw new EndOfStreamException("client closed the core channel while a read waited");
                }

                return _aborted ? ErrorAbort : ErrorIoTimeout;
            }
        }
    }
}
