using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Visa.Vxi11;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// A scripted VXI-11 instrument on 127.0.0.1 (portmapper and core channel on ephemeral ports) for
/// what the emulator does not do on purpose: hang up inside a reply, send oversized or foreign
/// records, report device errors, or announce a small maxRecvSize. In <see cref="Behaviour.Echo"/>
/// it answers each read with the bytes of the last complete written message.
/// </summary>
internal sealed class Vxi11TestPeer : IAsyncDisposable
{
    private readonly TcpListener _portmapper = new(IPAddress.Loopback, 0);
    private readonly TcpListener _core = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly List<Task> _tasks = [];
    private readonly Behaviour _behaviour;
    private readonly uint _maxRecvSize;
    private readonly List<byte> _message = [];
    private byte[] _answer = [];

    private Vxi11TestPeer(Behaviour behaviour, uint maxRecvSize)
    {
        _behaviour = behaviour;
        _maxRecvSize = maxRecvSize;
        _portmapper.Start();
        _core.Start();
        PortmapperPort = ((IPEndPoint)_portmapper.LocalEndpoint).Port;
        _tasks.Add(AcceptAsync(_portmapper, portmapper: true));
        _tasks.Add(AcceptAsync(_core, portmapper: false));
    }

    public enum Behaviour
    {
        Echo,
        HangUpInsideReadReply,
        OversizedReadReply,
        ReadFailsWithIoError,
        ReplyToAnotherCall,
    }

    public int PortmapperPort { get; }

    public string Resource => "TCPIP0::127.0.0.1::inst0::INSTR";

    /// <summary>Length and END flag of every device_write received, in order.</summary>
    public ConcurrentQueue<(int Length, bool End)> Writes { get; } = new();

    public static Vxi11TestPeer Start(Behaviour behaviour, uint maxRecvSize = 64 * 1024) => new(behaviour, maxRecvSize);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _portmapper.Stop();
        _core.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_tasks);
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, bool portmapper)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(_stop.Token);
                _sockets.Add(socket);
                lock (_tasks)
                {
                    _tasks.Add(ServeAsync(socket, portmapper));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket, bool portmapper)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            while (await RpcRecordMarking.ReadRecordAsync(stream, 1 << 20, _stop.Token) is byte[] record)
            {
                var (header, reply) = Answer(record, portmapper);
                if (!portmapper && header.Procedure == DeviceRead && _behaviour != Behaviour.Echo && _behaviour != Behaviour.ReadFailsWithIoError)
                {
                    await MisbehaveAsync(stream, header, reply);
                    return;
                }

                await RpcRecordMarking.WriteRecordAsync(stream, reply.Written, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task MisbehaveAsync(NetworkStream stream, RpcCallHeader header, XdrWriter reply)
    {
        byte[] frame = new byte[4 + reply.Length];
        reply.Written.Span.CopyTo(frame.AsSpan(4));
        switch (_behaviour)
        {
            case Behaviour.HangUpInsideReadReply:
                BinaryPrimitives.WriteUInt32BigEndian(frame, RpcRecordMarking.LastFragmentBit | (uint)reply.Length);
                await stream.WriteAsync(frame.AsMemory(0, 4 + (reply.Length / 2)), _stop.Token);
                break;
            case Behaviour.OversizedReadReply:
                BinaryPrimitives.WriteUInt32BigEndian(frame, RpcRecordMarking.LastFragmentBit | 0x7FFF_FFF0);
                await stream.WriteAsync(frame, _stop.Token);
                await Task.Delay(Timeout.Infinite, _stop.Token);
                break;
            default:
                var other = new XdrWriter();
                OncRpc.WriteAcceptedReply(other, header.Xid + 1000, RpcAcceptStatus.Success);
                other.Int32(ErrorNone).UInt32(ReasonEnd).Opaque("x\n"u8);
                await RpcRecordMarking.WriteRecordAsync(stream, other.Written, _stop.Token);
                await Task.Delay(Timeout.Infinite, _stop.Token);
                break;
        }
    }

    private (RpcCallHeader Header, XdrWriter Reply) Answer(byte[] record, bool portmapper)
    {
        var args = new XdrReader(record);
        var header = OncRpc.ReadCallHeader(ref args);
        var reply = new XdrWriter();
        OncRpc.WriteAcceptedReply(reply, header.Xid, RpcAcceptStatus.Success);
        if (portmapper)
        {
            reply.UInt32((uint)((IPEndPoint)_core.LocalEndpoint).Port);
            return (header, reply);
        }

        switch (header.Procedure)
        {
            case CreateLink:
                reply.Int32(ErrorNone).Int32(1).UInt32(0).UInt32(_maxRecvSize);
                break;
            case DeviceWrite:
                args.Int32();
                args.UInt32();
                args.UInt32();
                bool end = (args.UInt32() & FlagEnd) != 0;
                var data = args.Opaque(int.MaxValue);
                Writes.Enqueue((data.Length, end));
                _message.AddRange(data);
                if (end)
                {
                    _answer = [.. _message];
                    _message.Clear();
                }

                reply.Int32(ErrorNone).UInt32((uint)data.Length);
                break;
            case DeviceRead:
                if (_behaviour == Behaviour.ReadFailsWithIoError)
                {
                    reply.Int32(ErrorIo).UInt32(0).Opaque([]);
                }
                else
                {
                    reply.Int32(ErrorNone).UInt32(ReasonEnd).Opaque(_answer);
                }

                break;
            default:
                reply.Int32(ErrorNone);
                break;
        }

        return (header, reply);
    }
}
