using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Visa.HiSlip;

namespace QDeviceLab.Visa.Tests.HiSlip;

/// <summary>
/// A scripted HiSLIP server on 127.0.0.1 for what the emulator does not do on purpose: record every
/// header it receives, announce a small maximum message size or overlapped mode, and misbehave in the
/// answer to a query (hang up, bad prologue, absurd length, Error, FatalError, a stale message id).
/// In <see cref="Behaviour.Echo"/> it answers each DataEnd with the bytes of the whole message.
/// </summary>
internal sealed class HiSlipTestPeer : IAsyncDisposable
{
    public const ushort SessionId = 0x1234;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly List<Task> _tasks = [];
    private readonly Behaviour _behaviour;
    private readonly ulong _maximumMessageSize;
    private readonly bool _overlapped;
    private readonly List<byte> _message = [];

    private HiSlipTestPeer(Behaviour behaviour, ulong maximumMessageSize, bool overlapped)
    {
        _behaviour = behaviour;
        _maximumMessageSize = maximumMessageSize;
        _overlapped = overlapped;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _tasks.Add(AcceptAsync());
    }

    public enum Behaviour
    {
        Echo,
        HangUpMidAnswer,
        BadPrologue,
        AbsurdPayloadLength,
        ErrorMessageTooLarge,
        FatalError,
        StaleAnswerFirst,
    }

    public int Port { get; }

    public string Resource => $"TCPIP0::127.0.0.1::hislip0,{Port}::INSTR";

    /// <summary>Headers received on the synchronous channel, and on the asynchronous one, in order.</summary>
    public ConcurrentQueue<HiSlipHeader> Sync { get; } = new();

    public ConcurrentQueue<HiSlipHeader> Async { get; } = new();

    public string? SubAddress { get; private set; }

    public static HiSlipTestPeer Start(Behaviour behaviour, ulong maximumMessageSize = 1 << 20, bool overlapped = false) =>
        new(behaviour, maximumMessageSize, overlapped);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks);
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
                _sockets.Add(socket);
                lock (_tasks)
                {
                    _tasks.Add(ServeAsync(socket));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var (first, payload) = await ReadAsync(stream);
            if (first.Type == HiSlipMessageType.Initialize)
            {
                SubAddress = System.Text.Encoding.ASCII.GetString(payload);
                Sync.Enqueue(first);
                await SendAsync(stream, HiSlipMessageType.InitializeResponse, _overlapped ? (byte)1 : (byte)0, (0x0100u << 16) | SessionId, []);
                await ServeSyncAsync(stream);
            }
            else
            {
                Async.Enqueue(first);
                await SendAsync(stream, HiSlipMessageType.AsyncInitializeResponse, 0, ('T' << 8) | 'P', []);
                await ServeAsyncChannelAsync(stream);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeSyncAsync(NetworkStream stream)
    {
        while (true)
        {
            var (header, payload) = await ReadAsync(stream);
            Sync.Enqueue(header);
            if (header.Type == HiSlipMessageType.DeviceClearComplete)
            {
                // A late answer to a message from before the clear, which the client must skip.
                await SendAsync(stream, HiSlipMessageType.DataEnd, 0, 0xFFFF_FF20, "late\n"u8.ToArray());
                await SendAsync(stream, HiSlipMessageType.DeviceClearAcknowledge, header.ControlCode, 0, []);
                _message.Clear();
                continue;
            }

            if (header.Type is not (HiSlipMessageType.Data or HiSlipMessageType.DataEnd))
            {
                continue;
            }

            _message.AddRange(payload);
            if (header.Type != HiSlipMessageType.DataEnd)
            {
                continue;
            }

            byte[] answer = [.. _message];
            _message.Clear();
            uint id = header.Parameter;
            switch (_behaviour)
            {
                case Behaviour.Echo:
                    await SendAsync(stream, HiSlipMessageType.DataEnd, 0, id, answer);
                    break;
                case Behaviour.StaleAnswerFirst:
                    await SendAsync(stream, HiSlipMessageType.DataEnd, 0, id - 2, "stale\n"u8.ToArray());
                    await SendAsync(stream, HiSlipMessageType.DataEnd, 0, id, answer);
                    break;
                case Behaviour.HangUpMidAnswer:
                    byte[] frame = HiSlipHeader.Frame(HiSlipMessageType.DataEnd, 0, id, "1.2345,6.78,9.0123\n"u8);
                    await stream.WriteAsync(frame.AsMemory(0, HiSlipProtocol.HeaderSize + 6), _stop.Token);
                    return;
                case Behaviour.BadPrologue:
                    byte[] bad = HiSlipHeader.Frame(HiSlipMessageType.DataEnd, 0, id, "x\n"u8);
                    bad[0] = (byte)'X';
                    await stream.WriteAsync(bad, _stop.Token);
                    await ReadAsync(stream); // the client's FatalError
                    Sync.Enqueue(new HiSlipHeader(HiSlipMessageType.FatalError, 0, 0, 0));
                    return;
                case Behaviour.AbsurdPayloadLength:
                    byte[] header16 = new byte[HiSlipProtocol.HeaderSize];
                    new HiSlipHeader(HiSlipMessageType.DataEnd, 0, id, 1UL << 62).Write(header16);
                    await stream.WriteAsync(header16, _stop.Token);
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                case Behaviour.ErrorMessageTooLarge:
                    await SendAsync(stream, HiSlipMessageType.Error, HiSlipProtocol.ErrorMessageTooLarge, 0, "too big for me"u8.ToArray());
                    break;
                case Behaviour.FatalError:
                    await SendAsync(stream, HiSlipMessageType.FatalError, 128, 0, "instrument exploded"u8.ToArray());
                    return;
            }
        }
    }

    private async Task ServeAsyncChannelAsync(NetworkStream stream)
    {
        while (true)
        {
            var (header, _) = await ReadAsync(stream);
            Async.Enqueue(header);
            switch (header.Type)
            {
                case HiSlipMessageType.AsyncMaximumMessageSize:
                    byte[] size = new byte[8];
                    BinaryPrimitives.WriteUInt64BigEndian(size, _maximumMessageSize);
                    await SendAsync(stream, HiSlipMessageType.AsyncMaximumMessageSizeResponse, 0, 0, size);
                    break;
                case HiSlipMessageType.AsyncDeviceClear:
                    // An unsolicited service request first: the client must pass over it.
                    await SendAsync(stream, HiSlipMessageType.AsyncServiceRequest, 0x40, 0, []);
                    await SendAsync(stream, HiSlipMessageType.AsyncDeviceClearAcknowledge, _overlapped ? (byte)1 : (byte)0, 0, []);
                    break;
                case HiSlipMessageType.AsyncStatusQuery:
                    await SendAsync(stream, HiSlipMessageType.AsyncStatusResponse, 0x14, 0, []);
                    break;
            }
        }
    }

    private async Task<(HiSlipHeader Header, byte[] Payload)> ReadAsync(NetworkStream stream)
    {
        byte[] raw = new byte[HiSlipProtocol.HeaderSize];
        await stream.ReadExactlyAsync(raw, _stop.Token);
        var header = HiSlipHeader.Parse(raw);
        byte[] payload = new byte[(int)header.PayloadLength];
        await stream.ReadExactlyAsync(payload, _stop.Token);
        return (header, payload);
    }

    private Task SendAsync(NetworkStream stream, HiSlipMessageType type, byte control, uint parameter, byte[] payload) =>
        stream.WriteAsync(HiSlipHeader.Frame(type, control, parameter, payload), _stop.Token).AsTask();
}
