using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Visa.HiSlip;

/// <summary>
/// <c>TCPIP::host::hislip&lt;n&gt;[,port]::INSTR</c> spoken with HiSLIP (IVI-6.1): a synchronous channel
/// for Data/DataEnd messages and an asynchronous one for device clear, status byte and maximum message
/// size. Messages end with DataEnd in both directions, so a binary block may contain any byte. Writes are
/// split into messages no larger than the server announced; each carries the next MessageID (from
/// 0xFFFFFF00, +2, reset by device clear), and answers to an earlier message id are discarded.
/// The client speaks synchronized mode and accepts whatever mode the server settles on.
/// </summary>
internal sealed partial class HiSlipMessageSession : IMessageSession, ISessionBreaker
{
    /// <summary>What we announce as our own maximum message size; we stream Data payloads, so it costs nothing.</summary>
    internal const ulong AnnouncedMaximumMessageSize = HiSlipProtocol.DefaultMaximumMessageSize;

    /// <summary>
    /// Largest Data payload accepted in one message although we announced less: some servers ignore the
    /// announcement. Anything larger means the stream is out of step and is refused from the header.
    /// </summary>
    internal const ulong MaxAcceptedDataPayload = 256UL << 20;

    /// <summary>Largest payload of any other message (error texts, a few control bytes); refused from the header beyond this.</summary>
    internal const int MaxControlPayload = 64 * 1024;

    /// <summary>Largest Data payload we send in one message even when the server accepts more.</summary>
    private const int MaxWritePayload = 1 << 20;

    /// <summary>Small messages go out as one segment: header and payload copied together.</summary>
    private const int CoalesceLimit = 8 * 1024;

    private readonly HiSlipChannel _sync;
    private readonly HiSlipChannel _async;
    private readonly SessionGuard _guard;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly SemaphoreSlim _asyncGate = new(1, 1);
    private readonly byte[] _sendScratch = new byte[HiSlipProtocol.HeaderSize + CoalesceLimit];
    private readonly bool _syncBlocks;
    private TimeSpan _timeout;

    // Message ids and the RMT-delivered flag (IVI-6.1 3.1.2).
    private uint _nextMessageId = HiSlipProtocol.InitialMessageId;
    private uint? _lastSentId;
    private bool _rmtDelivered;

    // The server message being read: its id, the payload still unread, and whether it is a DataEnd.
    private uint _readingId;
    private ulong _payloadRemaining;
    private bool _readingEnd;
    private bool _midAnswer;

    private HiSlipMessageSession(HiSlipChannel sync, HiSlipChannel async, ResourceName resource, MessageSessionOptions options, HandshakeResult handshake, bool syncBlocks)
    {
        _syncBlocks = syncBlocks;
        _sync = sync;
        _async = async;
        Resource = resource;
        _guard = new SessionGuard(resource.ToString(), CloseChannels);
        _time = options.TimeProvider;
        Timeout = options.Timeout;
        TerminationCharacter = options.TerminationCharacter;
        SessionId = handshake.SessionId;
        ServerProtocolVersion = handshake.ServerVersion;
        ServerVendorId = handshake.ServerVendorId;
        IsOverlapped = handshake.Overlapped;
        ServerMaximumMessageSize = handshake.ServerMaximumMessageSize;
        // The maximum message size counts the 16-byte header too (as pyvisa-py and msl-equipment read IVI-6.1).
        MaxPayloadPerMessage = (int)Math.Min(handshake.ServerMaximumMessageSize - HiSlipProtocol.HeaderSize, MaxWritePayload);
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

    /// <summary>Session id the server gave in InitializeResponse.</summary>
    internal ushort SessionId { get; }

    internal ushort ServerProtocolVersion { get; }

    internal ushort ServerVendorId { get; }

    /// <summary>True when the server runs the session in overlapped mode (InitializeResponse, then each device clear).</summary>
    internal bool IsOverlapped { get; private set; }

    internal ulong ServerMaximumMessageSize { get; }

    internal int MaxPayloadPerMessage { get; }

    /// <summary>The MessageID the next Data, DataEnd or Trigger will carry.</summary>
    internal uint NextMessageId => _nextMessageId;

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
            return WriteMessagesAsync(data, endOfMessage, cancellationToken);
        }

        try
        {
            _syncGate.Wait(CancellationToken.None);
            try
            {
                _sync.SetBlockingTimeout(_timeout);
                do
                {
                    var chunk = data[..Math.Min(data.Length, MaxPayloadPerMessage)];
                    SendData(chunk.Length == data.Length && endOfMessage ? HiSlipMessageType.DataEnd : HiSlipMessageType.Data, chunk.Span);
                    data = data[chunk.Length..];
                }
                while (!data.IsEmpty);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw BlockingFailure(e, "sending");
            }
            finally
            {
                _syncGate.Release();
            }

            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ValueTask.FromException(e);
        }
    }

    private async ValueTask WriteMessagesAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
            try
            {
                do
                {
                    var chunk = data[..Math.Min(data.Length, MaxPayloadPerMessage)];
                    bool last = chunk.Length == data.Length;
                    await SendDataAsync(last && endOfMessage ? HiSlipMessageType.DataEnd : HiSlipMessageType.Data, chunk, operation.Token).ConfigureAwait(false);
                    data = data[chunk.Length..];
                }
                while (!data.IsEmpty);
            }
            catch (Exception e)
            {
                throw await FailureAsync(e, "sending", cancellationToken, operation.TimedOut).ConfigureAwait(false);
            }
        }
        finally
        {
            _syncGate.Release();
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

        if (!BlocksFor(cancellationToken))
        {
            return ReadCoreAsync(buffer, stopAtTermination, cancellationToken);
        }

        try
        {
            _syncGate.Wait(CancellationToken.None);
            try
            {
                _sync.SetBlockingTimeout(_timeout);
                return new(ReadPayload(buffer.Span, stopAtTermination));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw BlockingFailure(e, "waiting for the answer");
            }
            finally
            {
                _syncGate.Release();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ValueTask.FromException<ReadChunk>(e);
        }
    }

    // A caller that cannot cancel gets blocking calls on the synchronous channel (socket timeouts, no
    // timer or state machine per operation), when the session was opened that way; a cancellable
    // caller keeps asynchronous I/O.
    private bool BlocksFor(CancellationToken cancellationToken) =>
        _syncBlocks && !cancellationToken.CanBeCanceled && ReferenceEquals(_time, TimeProvider.System);

    /// <summary>What a blocking operation's failure becomes; a timeout still sends the device clear first.</summary>
    private Exception BlockingFailure(Exception e, string activity) =>
        FailureAsync(e, activity, CancellationToken.None, timedOut: e is TimeoutException).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// The HiSLIP device clear (IVI-6.1 6.12): AsyncDeviceClear, AsyncDeviceClearAcknowledge, then
    /// DeviceClearComplete on the synchronous channel, skipping whatever answers were still coming, until
    /// DeviceClearAcknowledge. Message ids start again at 0xFFFFFF00.
    /// </summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        _guard.ThrowIfUnusable(this);
        cancellationToken.ThrowIfCancellationRequested();
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
            try
            {
                await DeviceClearCoreAsync(operation.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw await FailureAsync(e, "clearing the device", cancellationToken, operation.TimedOut, clearOnTimeout: false).ConfigureAwait(false);
            }
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>AsyncStatusQuery on the asynchronous channel: the message stream is untouched, bit 4 is MAV.</summary>
    public async ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        _guard.ThrowIfUnusable(this);
        cancellationToken.ThrowIfCancellationRequested();
        await _asyncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
            try
            {
                // The query names the most recent message sent and reports (and hands over) RMT-delivered,
                // which the server needs to tell whether an answer is still waiting (IVI-6.1 6.14).
                byte rmt = _rmtDelivered ? HiSlipProtocol.RmtDelivered : (byte)0;
                _rmtDelivered = false;
                uint id = _lastSentId ?? HiSlipProtocol.PreInitialMessageId;
                await SendAsyncChannelAsync(HiSlipMessageType.AsyncStatusQuery, rmt, id, default, operation.Token).ConfigureAwait(false);
                var (header, _) = await ReadAsyncResponseAsync(HiSlipMessageType.AsyncStatusResponse, operation.Token).ConfigureAwait(false);
                return header.ControlCode;
            }
            catch (Exception e)
            {
                throw await FailureAsync(e, "reading the status byte", cancellationToken, operation.TimedOut, clearOnTimeout: false).ConfigureAwait(false);
            }
        }
        finally
        {
            _asyncGate.Release();
        }
    }

    public void Break(string reason) => _guard.Break(reason);

    public ValueTask DisposeAsync()
    {
        if (_guard.TryMarkDisposed())
        {
            CloseChannels();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closing both channels fails anything pending; the server ends the session with them.</summary>
    private void CloseChannels()
    {
        _sync.Dispose();
        _async.Dispose();
    }

    private async ValueTask<ReadChunk> ReadCoreAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
            try
            {
                return await ReadPayloadAsync(buffer, stopAtTermination, operation.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw await FailureAsync(e, "waiting for the answer", cancellationToken, operation.TimedOut).ConfigureAwait(false);
            }
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private async ValueTask<ReadChunk> ReadPayloadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken token)
    {
        while (_payloadRemaining == 0 || _readingId != CurrentAnswerId)
        {
            if (_payloadRemaining > 0)
            {
                // The rest of an answer to an earlier message the caller abandoned by writing again.
                await _sync.SkipAsync(_payloadRemaining, token).ConfigureAwait(false);
                _payloadRemaining = 0;
            }

            if (await NextDataMessageAsync(token).ConfigureAwait(false) is ReadChunk empty)
            {
                return empty;
            }
        }

        int want = (int)Math.Min((ulong)buffer.Length, _payloadRemaining);
        int count;
        bool end = false;
        if (stopAtTermination)
        {
            await _sync.EnsureSomeAsync(token).ConfigureAwait(false);
            var available = _sync.Peek();
            available = available[..Math.Min(available.Length, want)];
            int terminator = available.IndexOf(TerminationCharacter);
            count = terminator >= 0 ? terminator + 1 : available.Length;
            end = terminator >= 0;
            available[..count].CopyTo(buffer.Span);
            _sync.Advance(count);
        }
        else
        {
            count = await _sync.ReadSomeAsync(buffer[..want], token).ConfigureAwait(false);
        }

        _payloadRemaining -= (ulong)count;
        if (_payloadRemaining == 0 && _readingEnd)
        {
            end = true;
            _rmtDelivered = true;
            _readingEnd = false;
        }

        _midAnswer = !end;
        return new ReadChunk(count, end);
    }

    /// <summary>As <see cref="ReadPayloadAsync"/>, with blocking calls.</summary>
    private ReadChunk ReadPayload(Span<byte> buffer, bool stopAtTermination)
    {
        while (_payloadRemaining == 0 || _readingId != CurrentAnswerId)
        {
            if (_payloadRemaining > 0)
            {
                _sync.Skip(_payloadRemaining);
                _payloadRemaining = 0;
            }

            if (NextDataMessage() is ReadChunk empty)
            {
                return empty;
            }
        }

        int want = (int)Math.Min((ulong)buffer.Length, _payloadRemaining);
        int count;
        bool end = false;
        if (stopAtTermination)
        {
            _sync.EnsureSome();
            var available = _sync.Peek();
            available = available[..Math.Min(available.Length, want)];
            int terminator = available.IndexOf(TerminationCharacter);
            count = terminator >= 0 ? terminator + 1 : available.Length;
            end = terminator >= 0;
            available[..count].CopyTo(buffer);
            _sync.Advance(count);
        }
        else
        {
            count = _sync.ReadSome(buffer[..want]);
        }

        _payloadRemaining -= (ulong)count;
        if (_payloadRemaining == 0 && _readingEnd)
        {
            end = true;
            _rmtDelivered = true;
            _readingEnd = false;
        }

        _midAnswer = !end;
        return new ReadChunk(count, end);
    }

    /// <summary>The id a server answer must carry: the last Data/DataEnd we sent.</summary>
    private uint CurrentAnswerId => _lastSentId ?? HiSlipProtocol.PreInitialMessageId;
}
