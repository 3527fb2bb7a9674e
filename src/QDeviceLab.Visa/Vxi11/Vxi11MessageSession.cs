using System.Net.Sockets;
using QDeviceLab.Core;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// <c>TCPIP::host[::device]::INSTR</c> spoken with VXI-11: the portmapper gives the core channel's
/// port, <c>create_link</c> opens the named device, and every operation is one RPC on that channel.
/// Unlike a raw socket, messages end with the END flag in both directions, device clear is
/// <c>device_clear</c> and the status byte is a real serial poll (<c>device_readstb</c>).
/// Reads ask for at least <see cref="MessageSessionOptions.ReceiveBufferSize"/> bytes and keep what the
/// caller has no room for; the server never sends past the end of a message, so nothing is lost.
/// </summary>
internal sealed partial class Vxi11MessageSession : IMessageSession, ISessionBreaker
{
    /// <summary>Largest chunk we send even if the device announces more; bounds our record size.</summary>
    private const int MaxWriteChunk = 1 << 20;

    /// <summary>Largest device_read we ask for, so one reply record stays bounded however large the caller's buffer.</summary>
    private const int MaxReadRequest = 1 << 20;

    /// <summary>Room for an RPC reply header and the fixed result fields around the data.</summary>
    private const int ReplyOverhead = 128;

    private readonly RpcClientConnection _core;
    private readonly SessionGuard _guard;
    private readonly TimeProvider _time;
    private readonly int _linkId;
    private readonly int _maxWriteChunk;
    private readonly int _readAhead;
    private readonly SemaphoreSlim _rpcGate = new(1, 1);
    private TimeSpan _timeout;
    private bool _midAnswer;

    // Data a device_read returned beyond what the caller had room for, and how that read ended.
    private byte[] _pending = [];
    private int _pendingStart;
    private int _pendingEnd;
    private bool _pendingEndsMessage;

    // _pending is the connection's reply buffer (a blocking call): what the caller leaves must be
    // moved to _leftover before the next call reuses that buffer.
    private bool _pendingBorrowed;
    private byte[] _leftover = [];

    private Vxi11MessageSession(RpcClientConnection core, ResourceName resource, MessageSessionOptions options, int linkId, uint maxRecvSize)
    {
        _core = core;
        Resource = resource;
        // The server destroys the link when the core channel closes; nothing more may be read.
        _guard = new SessionGuard(resource.ToString(), core.Abort);
        _time = options.TimeProvider;
        _linkId = linkId;
        // VXI-11 requires maxRecvSize >= 1024; a device announcing less still gets its own limit honoured.
        _maxWriteChunk = (int)Math.Clamp(maxRecvSize, 1u, MaxWriteChunk);
        _readAhead = Math.Clamp(options.ReceiveBufferSize, 64, MaxWriteChunk);
        Timeout = options.Timeout;
        TerminationCharacter = options.TerminationCharacter;
    }

    public ResourceName Resource { get; }

    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = SessionRules.ValidTimeout(value);
    }

    public byte TerminationCharacter { get; set; }

    public bool IsBroken => _guard.IsBroken;

    public SemaphoreSlim ExchangeLock { get; } = new(1, 1);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken = default)
    {
        _guard.ThrowIfUnusable(this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        _guard.NoteWrite(data.Span, endOfMessage);
        if (data.IsEmpty && !endOfMessage)
        {
            return ValueTask.CompletedTask;
        }

        if (!BlocksFor(cancellationToken))
        {
            return WriteCallsAsync(data, endOfMessage, cancellationToken);
        }

        try
        {
            _rpcGate.Wait(CancellationToken.None);
            try
            {
                do
                {
                    var chunk = BeginWrite(data, endOfMessage);
                    var reply = Call("device_write", "sending", ReplyOverhead);
                    data = data[ReadWriteResult(reply, chunk)..];
                }
                while (!data.IsEmpty);
            }
            finally
            {
                _rpcGate.Release();
            }

            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>Builds the device_write of the next chunk of <paramref name="data"/>; returns its length.</summary>
    private int BeginWrite(ReadOnlyMemory<byte> data, bool endOfMessage)
    {
        var chunk = data[..Math.Min(data.Length, _maxWriteChunk)];
        bool last = chunk.Length == data.Length;
        _core.BeginCall(DeviceWrite)
            .Int32(_linkId).UInt32(IoTimeoutMilliseconds).UInt32(0)
            .UInt32(last && endOfMessage ? FlagEnd : 0u)
            .Opaque(chunk.Span);
        return chunk.Length;
    }

    private async ValueTask WriteCallsAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken)
    {
        await _rpcGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            do
            {
                int chunk = BeginWrite(data, endOfMessage);
                var reply = await CallAsync("device_write", "sending", ReplyOverhead, cancellationToken).ConfigureAwait(false);
                data = data[ReadWriteResult(reply, chunk)..];
            }
            while (!data.IsEmpty);
        }
        finally
        {
            _rpcGate.Release();
        }
    }

    public ValueTask<ReadChunk> ReadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken = default)
    {
        _guard.ThrowIfUnusable(this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ReadChunk>(cancellationToken);
        }

        if (buffer.IsEmpty)
        {
            return new(new ReadChunk(0, false));
        }

        if (_pendingEnd > _pendingStart)
        {
            return new(TakePending(buffer.Span, stopAtTermination));
        }

        if (!BlocksFor(cancellationToken))
        {
            return DeviceReadAsync(buffer, stopAtTermination, cancellationToken);
        }

        try
        {
            _rpcGate.Wait(CancellationToken.None);
            try
            {
                int request = BeginRead(buffer.Length, stopAtTermination);
                return new(TakeReadReply(Call("device_read", "waiting for the answer", request + ReplyOverhead), request, borrowed: true, buffer.Span, stopAtTermination));
            }
            finally
            {
                _rpcGate.Release();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ValueTask.FromException<ReadChunk>(e);
        }
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        _guard.ThrowIfUnusable(this);
        cancellationToken.ThrowIfCancellationRequested();
        await _rpcGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _core.BeginCall(DeviceClear).Int32(_linkId).UInt32(0).UInt32(0).UInt32(IoTimeoutMilliseconds);
            var reply = await CallAsync("device_clear", "clearing the device", ReplyOverhead, cancellationToken).ConfigureAwait(false);
            var results = reply.Results;
            CheckDeviceError(results.Int32(), "device_clear");
            _pendingStart = _pendingEnd = 0;
            _midAnswer = false;
            _guard.NoteCleared();
        }
        finally
        {
            _rpcGate.Release();
        }
    }

    /// <summary>A real serial poll (<c>device_readstb</c>): bit 6 is RQS, and the message stream is untouched.</summary>
    public ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        _guard.ThrowIfUnusable(this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<byte>(cancellationToken);
        }

        if (!BlocksFor(cancellationToken))
        {
            return ReadStatusByteCallAsync(cancellationToken);
        }

        try
        {
            _rpcGate.Wait(CancellationToken.None);
            try
            {
                _core.BeginCall(DeviceReadStb).Int32(_linkId).UInt32(0).UInt32(0).UInt32(IoTimeoutMilliseconds);
                return new(StatusByte(Call("device_readstb", "reading the status byte", ReplyOverhead)));
            }
            finally
            {
                _rpcGate.Release();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ValueTask.FromException<byte>(e);
        }
    }

    private async ValueTask<byte> ReadStatusByteCallAsync(CancellationToken cancellationToken)
    {
        await _rpcGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _core.BeginCall(DeviceReadStb).Int32(_linkId).UInt32(0).UInt32(0).UInt32(IoTimeoutMilliseconds);
            return StatusByte(await CallAsync("device_readstb", "reading the status byte", ReplyOverhead, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _rpcGate.Release();
        }
    }

    private byte StatusByte(RpcReply reply)
    {
        var results = reply.Results;
        CheckDeviceError(results.Int32(), "device_readstb");
        uint stb = results.UInt32();
        return stb <= 255 ? (byte)stb : throw Protocol($"device_readstb returned {stb}, not a status byte");
    }

    public void Break(string reason) => _guard.Break(reason);

    public async ValueTask DisposeAsync()
    {
        if (!_guard.TryMarkDisposed())
        {
            return;
        }

        if (!IsBroken && _rpcGate.Wait(0))
        {
            // Polite goodbye so the device frees the link at once; closing the channel would do it too.
            try
            {
                _core.BeginCall(DestroyLink).Int32(_linkId);
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
                await _core.CallAsync(ReplyOverhead, quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or RpcFormatException or RpcCallRefusedException or ObjectDisposedException)
            {
            }
            finally
            {
                _rpcGate.Release();
            }
        }

        await _core.DisposeAsync().ConfigureAwait(false);
    }

    private uint IoTimeoutMilliseconds => _timeout == System.Threading.Timeout.InfiniteTimeSpan
        ? uint.MaxValue
        : (uint)Math.Clamp((long)Math.Ceiling(_timeout.TotalMilliseconds), 1, uint.MaxValue - 1);

    private async ValueTask<ReadChunk> DeviceReadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken)
    {
        await _rpcGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int request = BeginRead(buffer.Length, stopAtTermination);
            var reply = await CallAsync("device_read", "waiting for the answer", request + ReplyOverhead, cancellationToken).ConfigureAwait(false);
            return TakeReadReply(reply, request, borrowed: false, buffer.Span, stopAtTermination);
        }
        finally
        {
            _rpcGate.Release();
        }
    }

    /// <summary>Builds a device_read for a caller with room for <paramref name="room"/> bytes; returns the request size.</summary>
    private int BeginRead(int room, bool stopAtTermination)
    {
        int request = Math.Min(Math.Max(room, _readAhead), MaxReadRequest);
        _core.BeginCall(DeviceRead)
            .Int32(_linkId).UInt32((uint)request).UInt32(IoTimeoutMilliseconds).UInt32(0)
            .UInt32(stopAtTermination ? FlagTermCharSet : 0u)
            .UInt32(TerminationCharacter);
        return request;
    }

    private ReadChunk TakeReadReply(RpcReply reply, int request, bool borrowed, Span<byte> buffer, bool stopAtTermination)
    {
        var results = reply.Results;
        CheckDeviceError(results.Int32(), "device_read");
        uint reason = results.UInt32();
        int count = results.Opaque(request).Length;
        int dataStart = reply.End - results.Remaining - XdrWriter.Padded(count);
        _pending = reply.Record;
        _pendingBorrowed = borrowed;
        _pendingStart = dataStart;
        _pendingEnd = dataStart + count;
        // Only END is remembered: a CHR stop is found again by the termination scan in TakePending,
        // and must not end a binary read that continues past a newline inside a block.
        _pendingEndsMessage = (reason & ReasonEnd) != 0;
        if (count == 0)
        {
            if (_pendingEndsMessage)
            {
                _midAnswer = false;
                return new ReadChunk(0, true);
            }

            throw Protocol("device_read returned no data and neither END nor a termination character", breakSession: true);
        }

        return TakePending(buffer, stopAtTermination);
    }

    private ReadChunk TakePending(Span<byte> destination, bool stopAtTermination)
    {
        var available = _pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart);
        int count = Math.Min(available.Length, destination.Length);
        bool end = false;
        if (stopAtTermination)
        {
            int terminator = available[..count].IndexOf(TerminationCharacter);
            if (terminator >= 0)
            {
                count = terminator + 1;
                end = true;
            }
        }

        available[..count].CopyTo(destination);
        _pendingStart += count;
        if (_pendingStart == _pendingEnd)
        {
            end |= _pendingEndsMessage;
            _pending = [];
            _pendingStart = _pendingEnd = 0;
        }
        else if (_pendingBorrowed)
        {
            // The connection's buffer is about to be reused by the next call: keep the rest here.
            int rest = _pendingEnd - _pendingStart;
            if (_leftover.Length < rest)
            {
                _leftover = new byte[Math.Max(rest, 2 * _leftover.Length)];
            }

            _pending.AsSpan(_pendingStart, rest).CopyTo(_leftover);
            _pending = _leftover;
            _pendingStart = 0;
            _pendingEnd = rest;
            _pendingBorrowed = false;
        }

        _midAnswer = !end;
        return new ReadChunk(count, end);
    }

    // A caller that cannot cancel gets blocking calls (socket timeouts, no timer per call); a
    // cancellable one keeps asynchronous I/O, as on the SOCKET session.
    private bool BlocksFor(CancellationToken cancellationToken) =>
        !cancellationToken.CanBeCanceled && ReferenceEquals(_time, TimeProvider.System);

    private int ReadWriteResult(RpcReply reply, int sent)
    {
        var results = reply.Results;
        CheckDeviceError(results.Int32(), "device_write");
        uint accepted = results.UInt32();
        if (accepted == 0 || accepted > sent)
        {
            throw Protocol($"device_write reports {accepted} of {sent} bytes accepted", breakSession: true);
        }

        return (int)accepted;
    }
}
