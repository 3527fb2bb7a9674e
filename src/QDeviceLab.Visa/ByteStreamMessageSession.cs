using System.Globalization;
using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>
/// What every session over a plain byte stream (raw socket, serial line) shares: no END marker,
/// so a message ends at the termination character; buffered reads; one timeout per operation,
/// told apart from the caller's cancellation; and a session broken for good after a timeout,
/// a torn transfer or a hang-up. The transports supply only how to send, receive, discard
/// pending input and close.
/// </summary>
internal abstract class ByteStreamMessageSession : IMessageSession, ISessionBreaker
{
    private readonly TimeProvider _time;
    private readonly byte[] _receiveBuffer;
    private int _bufferedStart;
    private int _bufferedEnd;
    private TimeSpan _timeout;
    private string? _brokenReason;
    private int _disposed;
    private string? _commandInFlight;
    private string? _lastCommandText;
    private bool _atMessageStart = true;
    private bool _midAnswer;

    protected ByteStreamMessageSession(ResourceName resource, MessageSessionOptions options)
    {
        Resource = resource;
        ResourceText = resource.ToString();
        _time = options.TimeProvider;
        _receiveBuffer = new byte[Math.Max(options.ReceiveBufferSize, 64)];
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

    public bool IsBroken => Volatile.Read(ref _brokenReason) is not null;

    public SemaphoreSlim ExchangeLock { get; } = new(1, 1);

    protected string ResourceText { get; }

    /// <summary>What <see cref="ClearAsync"/> does, for error messages ("discarding pending input").</summary>
    protected abstract string ClearActivity { get; }

    /// <summary>
    /// True when a large binary read may go straight into the caller's memory. Only safe where an
    /// abandoned read cannot complete later into memory the caller has reused.
    /// </summary>
    protected virtual bool ReadsDirectIntoCallerMemory => false;

    /// <summary>Added to the hang-up message to say how the link went away.</summary>
    protected virtual string HangUpNote => "";

    protected abstract ValueTask SendCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one chunk of a program message. Transports that mark the end of a message themselves
    /// (USBTMC's EOM bit) override this; plain streams ignore <paramref name="endOfMessage"/>.
    /// </summary>
    protected virtual ValueTask SendCoreAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken) =>
        SendCoreAsync(data, cancellationToken);

    /// <summary>Reads what has arrived into <paramref name="into"/>; 0 means the other end went away.</summary>
    protected abstract ValueTask<int> ReceiveCoreAsync(Memory<byte> into, CancellationToken cancellationToken);

    /// <summary>Throws away input the transport already holds (the nearest thing to a device clear).</summary>
    protected abstract void DiscardPendingInput();

    /// <summary>Closes the transport; must not throw.</summary>
    protected abstract void CloseTransport();

    /// <summary>
    /// True when the transport can send and receive blocking the calling thread, bounded by a
    /// timeout of its own (a socket's SO_SNDTIMEO/SO_RCVTIMEO). Used only for operations the
    /// caller cannot cancel and only with the system clock: a blocking loopback round trip costs
    /// one wake-up, an asynchronous one three (event loop, thread pool, timer).
    /// </summary>
    protected virtual bool CanBlock => false;

    /// <summary>Sends all of <paramref name="data"/>, blocking; a timeout is a <see cref="TimeoutException"/>.</summary>
    protected virtual void SendBlocking(ReadOnlySpan<byte> data, TimeSpan timeout) => throw new InvalidOperationException($"{GetType().Name} cannot block");

    /// <summary>Receives what has arrived, blocking until something has; 0 means the other end went away; a timeout is a <see cref="TimeoutException"/>.</summary>
    protected virtual int ReceiveBlocking(Span<byte> into, TimeSpan timeout) => throw new InvalidOperationException($"{GetType().Name} cannot block");

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (_atMessageStart && !data.IsEmpty)
        {
            _commandInFlight = CommandText(data.Span);
        }

        _atMessageStart = endOfMessage;
        if (data.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        if (BlocksFor(cancellationToken))
        {
            try
            {
                SendBlocking(data.Span, _timeout);
                return ValueTask.CompletedTask;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ValueTask.FromException(Failure(e, "sending", cancellationToken, timedOut: false));
            }
        }

        return SendAsync(data, endOfMessage, cancellationToken);
    }

    public ValueTask<ReadChunk> ReadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ReadChunk>(cancellationToken);
        }

        if (buffer.IsEmpty)
        {
            return new(new ReadChunk(0, false));
        }

        if (_bufferedEnd > _bufferedStart)
        {
            return new(TakeBuffered(buffer.Span, stopAtTermination));
        }

        if (BlocksFor(cancellationToken))
        {
            try
            {
                return new(ReceiveAndTakeBlocking(buffer.Span, stopAtTermination));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ValueTask.FromException<ReadChunk>(e);
            }
        }

        return ReceiveAndTakeAsync(buffer, stopAtTermination, cancellationToken);
    }

    /// <summary>
    /// A byte stream has no IEEE 488.1 device clear, so this forgets buffered input and lets the
    /// transport discard what it holds. An answer still on its way arrives later, which is why a
    /// timed-out session is broken rather than "cleared".
    /// </summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        _bufferedStart = _bufferedEnd = 0;
        _midAnswer = false;
        _atMessageStart = true;
        try
        {
            DiscardPendingInput();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(e, ClearActivity, cancellationToken, timedOut: false);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A byte stream has no serial poll, so this asks <c>*STB?</c> (taking <see cref="ExchangeLock"/>;
    /// do not call it while holding the lock). Bit 6 is then MSS rather than RQS. Transports with a
    /// real serial poll (USBTMC's READ_STATUS_BYTE) override it.
    /// </summary>
    public virtual async ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        const string query = "*STB?";
        string answer = await this.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return int.TryParse(answer, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out int value)
            && value is >= 0 and <= 255
            ? (byte)value
            : throw new InstrumentIOException(ResourceText, query, $"expected a status byte 0-255, got '{answer}'", isTransient: false);
    }

    public void Break(string reason)
    {
        if (Interlocked.CompareExchange(ref _brokenReason, reason, null) is null)
        {
            // Closing at once fails any operation still pending; nothing more may be read from a
            // stream whose position in the answer we no longer know.
            CloseTransport();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CloseTransport();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Turns a transport failure that is neither a timeout nor a cancellation into the caller's
    /// exception, breaking the session. Transports may recognise a hang-up (see <see cref="HungUp"/>).
    /// </summary>
    protected virtual Exception LinkFailure(Exception e, string activity)
    {
        string problem = $"link failed while {activity}: {DescribeFailure(e)}";
        Break(problem);
        return new InstrumentIOException(ResourceText, _commandInFlight, problem, isTransient: true, e);
    }

    /// <summary>The failure as the transport names it, for messages.</summary>
    protected virtual string DescribeFailure(Exception e) => e.Message;

    /// <summary>The other end went away (connection closed, pseudo-terminal closed, adapter unplugged).</summary>
    protected InstrumentIOException HungUp(Exception? inner)
    {
        string problem = (_midAnswer
            ? "the instrument closed the connection in the middle of an answer"
            : "the instrument closed the connection") + HangUpNote;
        Break(problem);
        return new InstrumentIOException(ResourceText, _commandInFlight, problem, isTransient: true, inner);
    }

    private async ValueTask<ReadChunk> ReceiveAndTakeAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken)
    {
        if (ReadsDirectIntoCallerMemory && !stopAtTermination && buffer.Length >= _receiveBuffer.Length)
        {
            // Bulk binary reads go straight into the caller's memory: no copy through our buffer.
            int direct = await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            _midAnswer = true;
            return new ReadChunk(direct, false);
        }

        int received = await ReceiveAsync(_receiveBuffer, cancellationToken).ConfigureAwait(false);
        _bufferedStart = 0;
        _bufferedEnd = received;
        return TakeBuffered(buffer.Span, stopAtTermination);
    }

    // The command named in errors; a command repeated (a polling loop) reuses its text instead
    // of allocating it again per query.
    private string CommandText(ReadOnlySpan<byte> message)
    {
        int length = Math.Min(message.Length, 80);
        int end = message[..length].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        var printable = message[..(end < 0 ? length : end)];
        if (_lastCommandText is { } last && printable.Length == last.Length && System.Text.Ascii.Equals(printable, last))
        {
            return last;
        }

        return _lastCommandText = SessionRules.CommandText(message);
    }

    // A caller that cannot cancel gets the blocking path; a cancellable one keeps async I/O, so
    // cancellation stays prompt and no thread is held while an instrument takes its time.
    private bool BlocksFor(CancellationToken cancellationToken) =>
        CanBlock && !cancellationToken.CanBeCanceled && ReferenceEquals(_time, TimeProvider.System);

    private ReadChunk ReceiveAndTakeBlocking(Span<byte> buffer, bool stopAtTermination)
    {
        if (ReadsDirectIntoCallerMemory && !stopAtTermination && buffer.Length >= _receiveBuffer.Length)
        {
            int direct = ReceiveNow(buffer);
            _midAnswer = true;
            return new ReadChunk(direct, false);
        }

        int received = ReceiveNow(_receiveBuffer);
        _bufferedStart = 0;
        _bufferedEnd = received;
        return TakeBuffered(buffer, stopAtTermination);
    }

    private int ReceiveNow(Span<byte> into)
    {
        int received;
        try
        {
            received = ReceiveBlocking(into, _timeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(e, "waiting for the answer", CancellationToken.None, timedOut: false);
        }

        return received > 0 ? received : throw HungUp(null);
    }

    private ReadChunk TakeBuffered(Span<byte> destination, bool stopAtTermination)
    {
        var available = _receiveBuffer.AsSpan(_bufferedStart, _bufferedEnd - _bufferedStart);
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
        _bufferedStart += count;
        _midAnswer = !end;
        return new ReadChunk(count, end);
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> into, CancellationToken cancellationToken)
    {
        int received;
        using (var operation = new OperationDeadline(_timeout, _time, cancellationToken))
        {
            try
            {
                received = await ReceiveCoreAsync(into, operation.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Failure(e, "waiting for the answer", cancellationToken, operation.Token.IsCancellationRequested);
            }
        }

        return received > 0 ? received : throw HungUp(null);
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken)
    {
        using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
        try
        {
            await SendCoreAsync(data, endOfMessage, operation.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(e, "sending", cancellationToken, operation.Token.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Turns whatever interrupted an operation into the exception the caller should see, and breaks
    /// the session: after an interrupted transfer the stream position is unknown.
    /// </summary>
    protected Exception Failure(Exception e, string activity, CancellationToken caller, bool timedOut)
    {
        // Our timeout token is also cancelled when the caller's is; the caller's wins (as in Polly).
        if (caller.IsCancellationRequested)
        {
            Break($"cancelled by the caller while {activity}");
            return new OperationCanceledException($"cancelled by the caller while {activity} ({ResourceText}); the session is now broken", e, caller);
        }

        // A transport whose own layer enforces the timeout (the usbtmc driver) reports it as a TimeoutException.
        if (timedOut || e is TimeoutException)
        {
            string problem = $"timed out after {(long)_timeout.TotalMilliseconds} ms {activity}";
            Break(problem);
            return new VisaTimeoutException(ResourceText, _commandInFlight, problem, _timeout, e);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ObjectDisposedException(GetType().Name, $"the session to {ResourceText} was closed while {activity}");
        }

        return Volatile.Read(ref _brokenReason) is not null ? BrokenException() : LinkFailure(e, activity);
    }

    protected void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _brokenReason) is not null)
        {
            throw BrokenException();
        }
    }

    private InstrumentIOException BrokenException() =>
        new(ResourceText, null, $"the session is broken ({_brokenReason}) and must be reopened", isTransient: true);
}
