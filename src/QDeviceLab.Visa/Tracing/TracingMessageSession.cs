using System.Globalization;

namespace QDeviceLab.Visa.Tracing;

/// <summary>
/// Records every exchange of the session it wraps in an <see cref="IIoTraceSink"/>: a write starts an
/// exchange, reads up to the end of the answer complete it, and a write-only command is recorded when
/// the next exchange starts (or at close). Behaviour of the wrapped session is unchanged: same
/// exceptions, same broken state, same lock.
/// </summary>
internal sealed class TracingMessageSession : IMessageSession, ISessionBreaker
{
    private readonly IMessageSession _inner;
    private readonly IIoTraceSink _sink;
    private readonly TimeProvider _time;
    private readonly string _resource;
    private readonly Lock _gate = new();
    private IoPayload? _command;
    private IoPayload? _answer;
    private bool _commandComplete;
    private DateTimeOffset _started;
    private long _startTicks;
    private long _lastTicks;

    public TracingMessageSession(IMessageSession inner, IIoTraceSink sink, TimeProvider time)
    {
        _inner = inner;
        _sink = sink;
        _time = time;
        _resource = inner.Resource.ToString();
    }

    public ResourceName Resource => _inner.Resource;

    public TimeSpan Timeout
    {
        get => _inner.Timeout;
        set => _inner.Timeout = value;
    }

    public byte TerminationCharacter
    {
        get => _inner.TerminationCharacter;
        set => _inner.TerminationCharacter = value;
    }

    public bool IsBroken => _inner.IsBroken;

    public SemaphoreSlim ExchangeLock => _inner.ExchangeLock;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_commandComplete || _answer is not null)
            {
                EmitPending(error: null);
            }

            if (_command is null)
            {
                Begin();
                _command = new IoPayload();
            }

            _command.Append(data.Span);
        }

        try
        {
            await _inner.WriteAsync(data, endOfMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }

        lock (_gate)
        {
            _lastTicks = _time.GetTimestamp();
            _commandComplete = endOfMessage;
        }
    }

    public async ValueTask<ReadChunk> ReadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_command is null && _answer is null)
            {
                Begin();
            }

            _answer ??= new IoPayload();
        }

        ReadChunk chunk;
        try
        {
            chunk = await _inner.ReadAsync(buffer, stopAtTermination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }

        lock (_gate)
        {
            _answer?.Append(buffer.Span[..chunk.Count]);
            _lastTicks = _time.GetTimestamp();
            if (chunk.EndOfMessage)
            {
                EmitPending(error: null);
            }
        }

        return chunk;
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await TraceOperationAsync("<device clear>", async () =>
        {
            await _inner.ClearAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);
    }

    public async ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        byte status = 0;
        await TraceOperationAsync("<read status byte>", async () =>
        {
            status = await _inner.ReadStatusByteAsync(cancellationToken).ConfigureAwait(false);
            return status.ToString(CultureInfo.InvariantCulture);
        }).ConfigureAwait(false);
        return status;
    }

    public void Break(string reason)
    {
        if (_inner is ISessionBreaker breaker)
        {
            breaker.Break(reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            EmitPending(error: null);
        }

        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private async Task TraceOperationAsync(string name, Func<Task<string?>> operation)
    {
        DateTimeOffset started;
        long startTicks;
        lock (_gate)
        {
            EmitPending(error: null);
            started = _time.GetUtcNow();
            startTicks = _time.GetTimestamp();
        }

        string? answer = null;
        string? error = null;
        try
        {
            answer = await operation().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = Describe(e);
            throw;
        }
        finally
        {
            _sink.Record(new IoExchange(started, _resource, name, answer, _time.GetElapsedTime(startTicks), error));
        }
    }

    private void Begin()
    {
        _started = _time.GetUtcNow();
        _startTicks = _time.GetTimestamp();
        _lastTicks = _startTicks;
    }

    private void Fail(Exception e)
    {
        lock (_gate)
        {
            _lastTicks = _time.GetTimestamp();
            if (_command is null && _answer is null)
            {
                Begin();
            }

            EmitPending(Describe(e));
        }
    }

    /// <summary>Records the exchange in progress, if any, and starts afresh. Called under <see cref="_gate"/>.</summary>
    private void EmitPending(string? error)
    {
        if (_command is null && _answer is null && error is null)
        {
            return;
        }

        var exchange = new IoExchange(
            _started,
            _resource,
            _command?.ToString(),
            _answer is { Length: > 0 } answer ? answer.ToString() : null,
            _time.GetElapsedTime(_startTicks, _lastTicks),
            error);
        _command = null;
        _answer = null;
        _commandComplete = false;
        _sink.Record(exchange);
    }

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "cancelled",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
