using System.Globalization;
using System.IO.Ports;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.Serial;

/// <summary>
/// <c>ASRL...::INSTR</c>: SCPI over a serial line (System.IO.Ports). Like a raw socket, a serial line has
/// no END marker, no device clear and no serial poll: a message ends at the termination character,
/// <see cref="ClearAsync"/> flushes both directions' buffers and <see cref="ReadStatusByteAsync"/> asks
/// <c>*STB?</c>. Unlike a socket there is no connection: only a USB adapter unplugged or a pseudo-terminal
/// whose other end went away "hangs up". Not safe for concurrent use except through <see cref="ExchangeLock"/>.
/// </summary>
internal sealed class SerialMessageSession : IMessageSession, ISessionBreaker
{
    private readonly SerialPort _port;
    private readonly Stream _stream;
    private readonly string _resourceText;
    private readonly TimeProvider _time;
    private readonly byte[] _receiveBuffer;
    private int _bufferedStart;
    private int _bufferedEnd;
    private TimeSpan _timeout;
    private string? _brokenReason;
    private int _disposed;
    private string? _commandInFlight;
    private bool _atMessageStart = true;
    private bool _midAnswer;

    private SerialMessageSession(SerialPort port, ResourceName resource, MessageSessionOptions options)
    {
        _port = port;
        _stream = port.BaseStream;
        Resource = resource;
        _resourceText = resource.ToString();
        _time = options.TimeProvider;
        _receiveBuffer = new byte[Math.Max(options.ReceiveBufferSize, 64)];
        Timeout = options.Timeout;
        TerminationCharacter = options.TerminationCharacter;
        Settings = options.Serial ?? SerialSettings.Default;
    }

    public ResourceName Resource { get; }

    /// <summary>The line settings the port was opened with.</summary>
    public SerialSettings Settings { get; }

    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = SessionRules.ValidTimeout(value);
    }

    public byte TerminationCharacter { get; set; }

    public bool IsBroken => Volatile.Read(ref _brokenReason) is not null;

    public SemaphoreSlim ExchangeLock { get; } = new(1, 1);

    /// <summary>Opens the port the resource names with <see cref="MessageSessionOptions.Serial"/> (VISA's 9600 8N1 when null).</summary>
    public static Task<IMessageSession> OpenAsync(ResourceName resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string portName = SerialPortNames.For(resource);
        var settings = options.Serial ?? SerialSettings.Default;
        if (settings.Problem() is { } problem)
        {
            throw new InstrumentIOException(resource.ToString(), null, $"cannot open {portName} with {settings}: {problem}", isTransient: false);
        }

        var port = new SerialPort(portName);
        try
        {
            SerialPortConfiguration.Apply(port, settings);
            try
            {
                port.Open();
            }
            catch (IOException) when (port.DtrEnable || port.RtsEnable)
            {
                // Pseudo-terminals and some adapters have no modem control lines (ENOTTY on DTR):
                // open without driving them.
                port.DtrEnable = false;
                port.RtsEnable = false;
                port.Open();
            }

            // Whatever the line carried before we opened it is not an answer to us.
            port.DiscardInBuffer();
            return Task.FromResult<IMessageSession>(new SerialMessageSession(port, resource, options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            string reason = e switch
            {
                UnauthorizedAccessException => $"{portName} is in use by another program or this user may not open it",
                FileNotFoundException or DirectoryNotFoundException => $"there is no serial port {portName} on this machine",
                _ => $"cannot open {portName} with {settings}: {e.Message}",
            };
            throw new InstrumentIOException(resource.ToString(), null, reason, isTransient: e is UnauthorizedAccessException, e);
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (_atMessageStart && !data.IsEmpty)
        {
            _commandInFlight = SessionRules.CommandText(data.Span);
        }

        _atMessageStart = endOfMessage;
        return data.IsEmpty ? ValueTask.CompletedTask : SendAsync(data, cancellationToken);
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

        return _bufferedEnd > _bufferedStart
            ? new(TakeBuffered(buffer.Span, stopAtTermination))
            : ReceiveAndTakeAsync(buffer, stopAtTermination, cancellationToken);
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();

        // RS-232 has no IEEE 488.1 device clear (VISA's viClear on ASRL flushes buffers), so this
        // forgets what we buffered and flushes the driver's queues both ways. An answer still being
        // transmitted arrives later, which is why a timed-out session is broken rather than "cleared".
        _bufferedStart = _bufferedEnd = 0;
        _midAnswer = false;
        _atMessageStart = true;
        try
        {
            _port.DiscardInBuffer();
            _port.DiscardOutBuffer();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            throw Failure(e, "flushing the port's buffers", cancellationToken, timedOut: false);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A serial line has no serial poll, so this asks <c>*STB?</c> (taking <see cref="ExchangeLock"/>;
    /// do not call it while holding the lock). Bit 6 is then MSS rather than RQS.
    /// </summary>
    public async ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        const string query = "*STB?";
        string answer = await this.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return int.TryParse(answer, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out int value)
            && value is >= 0 and <= 255
            ? (byte)value
            : throw new InstrumentIOException(_resourceText, query, $"expected a status byte 0-255, got '{answer}'", isTransient: false);
    }

    public void Break(string reason)
    {
        if (Interlocked.CompareExchange(ref _brokenReason, reason, null) is null)
        {
            // Closing fails the read or write still pending; nothing more may be read from a line
            // whose position in the answer we no longer know.
            ClosePort();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ClosePort();
        }

        return ValueTask.CompletedTask;
    }

    private void ClosePort()
    {
        try
        {
            _port.Dispose();
        }
        catch (IOException)
        {
            // A port whose device vanished can fail to close; it is gone either way.
        }
    }

    private async ValueTask<ReadChunk> ReceiveAndTakeAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken)
    {
        // Always through our own buffer: a read abandoned on timeout may still complete later, and
        // must not write into memory the caller has since reused.
        int received = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        _bufferedStart = 0;
        _bufferedEnd = received;
        return TakeBuffered(buffer.Span, stopAtTermination);
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

    private async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        int received;
        using (var operation = new OperationDeadline(_timeout, _time, cancellationToken))
        {
            try
            {
                // WaitAsync as well as the token: the stream's own cancellation support differs by platform.
                received = await _stream.ReadAsync(_receiveBuffer, operation.Token).AsTask().WaitAsync(operation.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Failure(e, "waiting for the answer", cancellationToken, operation.Token.IsCancellationRequested);
            }
        }

        return received > 0 ? received : throw HungUp(null);
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
        try
        {
            await _stream.WriteAsync(data, operation.Token).AsTask().WaitAsync(operation.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(e, "sending", cancellationToken, operation.Token.IsCancellationRequested);
        }
    }

    /// <summary>The line went away under us (a pseudo-terminal's other end closed, a USB adapter unplugged).</summary>
    private InstrumentIOException HungUp(Exception? inner)
    {
        string problem = _midAnswer
            ? "the instrument closed the connection in the middle of an answer (the serial line hung up)"
            : "the instrument closed the connection (the serial line hung up)";
        Break(problem);
        return new InstrumentIOException(_resourceText, _commandInFlight, problem, isTransient: true, inner);
    }

    /// <summary>Turns whatever interrupted a port operation into the exception the caller should see, breaking the session.</summary>
    private Exception Failure(Exception e, string activity, CancellationToken caller, bool timedOut)
    {
        // Our timeout token is also cancelled when the caller's is; the caller's wins (as in Polly).
        if (caller.IsCancellationRequested)
        {
            Break($"cancelled by the caller while {activity}");
            return new OperationCanceledException($"cancelled by the caller while {activity} ({_resourceText}); the session is now broken", e, caller);
        }

        if (timedOut)
        {
            string problem = $"timed out after {(long)_timeout.TotalMilliseconds} ms {activity}";
            Break(problem);
            return new VisaTimeoutException(_resourceText, _commandInFlight, problem, _timeout, e);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ObjectDisposedException(GetType().Name, $"the session to {_resourceText} was closed while {activity}");
        }

        if (Volatile.Read(ref _brokenReason) is not null)
        {
            return BrokenException();
        }

        // On Unix the port closes itself when poll() reports a hang-up, so a closed port that we did
        // not close means the other end went away.
        return e is ObjectDisposedException or IOException or InvalidOperationException
            ? HungUp(e)
            : FailedLink(e, activity);
    }

    private InstrumentIOException FailedLink(Exception e, string activity)
    {
        Break($"link failed while {activity}: {e.Message}");
        return new InstrumentIOException(_resourceText, _commandInFlight, $"link failed while {activity}: {e.Message}", isTransient: true, e);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _brokenReason) is not null)
        {
            throw BrokenException();
        }
    }

    private InstrumentIOException BrokenException() =>
        new(_resourceText, null, $"the session is broken ({_brokenReason}) and must be reopened", isTransient: true);

}
