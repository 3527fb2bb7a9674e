using System.Globalization;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>
/// <c>TCPIP::host::port::SOCKET</c>: SCPI over a raw TCP stream. There is no END marker, no device
/// clear and no serial poll on a raw socket, so a message ends at the termination character, and
/// <see cref="ClearAsync"/> and <see cref="ReadStatusByteAsync"/> do what a socket allows (see there).
/// Not safe for concurrent use except through <see cref="ExchangeLock"/>, like every session.
/// </summary>
internal sealed class SocketMessageSession : IMessageSession, ISessionBreaker
{
    private readonly Socket _socket;
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

    internal SocketMessageSession(Socket connected, ResourceName resource, MessageSessionOptions options)
    {
        _socket = connected;
        Resource = resource;
        _resourceText = resource.ToString();
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

    public static async Task<SocketMessageSession> ConnectAsync(ResourceName resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string host = resource.Host!;
        int port = resource.Port!.Value;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var attempt = new OperationDeadline(options.ConnectTimeout, options.TimeProvider, cancellationToken);
        try
        {
            EndPoint endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
            await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
            return new SocketMessageSession(socket, resource, options);
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"opening {resource} was cancelled by the caller", e, cancellationToken);
            }

            if (attempt.Token.IsCancellationRequested)
            {
                throw new VisaTimeoutException(resource.ToString(), null, $"no connection to {host}:{port} within {Milliseconds(options.ConnectTimeout)} ms", options.ConnectTimeout, e);
            }

            if (e is SocketException se)
            {
                string problem = se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => $"connection refused by {host}:{port}: nothing listens on that port (is the instrument on, or the emulator running?)",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host '{host}' could not be resolved",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"{host} is unreachable from this machine",
                    _ => $"cannot connect to {host}:{port}: {se.SocketErrorCode} ({se.Message})",
                };
                throw new InstrumentIOException(resource.ToString(), null, problem, isTransient: se.SocketErrorCode != SocketError.HostNotFound, se);
            }

            throw;
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
        return data.IsEmpty ? ValueTask.CompletedTask : SendAllAsync(data, cancellationToken);
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

        // A raw socket has no out-of-band channel, so there is no IEEE 488.1 device clear to send
        // (VXI-11 has device_clear, HiSLIP AsyncDeviceClear, USBTMC INITIATE_CLEAR). All we can do is
        // forget buffered input and discard what the kernel already holds. An answer still on its way
        // arrives later, which is why a timed-out session is broken rather than "cleared".
        _bufferedStart = _bufferedEnd = 0;
        _midAnswer = false;
        _atMessageStart = true;
        try
        {
            while (_socket.Available > 0)
            {
                _socket.Receive(_receiveBuffer, SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw Failure(e, "discarding pending input", cancellationToken, timedOut: false);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A raw socket has no serial poll, so this asks <c>*STB?</c> (taking <see cref="ExchangeLock"/>;
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
            // Closing at once fails any operation still pending and frees the port; nothing more
            // may be read from a stream whose position we no longer know.
            _socket.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<ReadChunk> ReceiveAndTakeAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken)
    {
        if (!stopAtTermination && buffer.Length >= _receiveBuffer.Length)
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
                received = await _socket.ReceiveAsync(into, SocketFlags.None, operation.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw Failure(e, "waiting for the answer", cancellationToken, operation.Token.IsCancellationRequested);
            }
        }

        if (received == 0)
        {
            string problem = _midAnswer
                ? "the instrument closed the connection in the middle of an answer"
                : "the instrument closed the connection";
            Break(problem);
            throw new InstrumentIOException(_resourceText, _commandInFlight, problem, isTransient: true);
        }

        return received;
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
        try
        {
            while (!data.IsEmpty)
            {
                int sent = await _socket.SendAsync(data, SocketFlags.None, operation.Token).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        catch (Exception e)
        {
            throw Failure(e, "sending", cancellationToken, operation.Token.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Turns whatever interrupted a socket operation into the exception the caller should see, and
    /// breaks the session: after an interrupted transfer the stream position is unknown.
    /// </summary>
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
            string problem = $"timed out after {Milliseconds(_timeout)} ms {activity}";
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

        string reason = e is SocketException se ? $"{se.SocketErrorCode} ({se.Message})" : e.Message;
        Break($"link failed while {activity}: {reason}");
        return new InstrumentIOException(_resourceText, _commandInFlight, $"link failed while {activity}: {reason}", isTransient: true, e);
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


    private static long Milliseconds(TimeSpan t) => (long)t.TotalMilliseconds;
}
