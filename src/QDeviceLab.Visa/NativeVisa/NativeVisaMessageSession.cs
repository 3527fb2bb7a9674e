using System.Runtime.InteropServices;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.NativeVisa;

/// <summary>
/// A session opened through an installed VISA library (<see cref="VisaLibrary"/>), for buses we do not
/// speak ourselves (GPIB, vendor USB) or when a lab wants its vendor's VISA. The library does the
/// framing: a write's END is VI_ATTR_SEND_END_EN, a read ends on END, on the termination character
/// (VI_ATTR_TERMCHAR_EN, set per read) or when the count is filled (VI_SUCCESS_MAX_CNT), and the
/// timeout is VI_ATTR_TMO_VALUE. viRead blocks for at most that timeout, so it runs on the thread
/// pool into a pinned buffer of the session's own; a read the caller abandons leaves the session broken
/// and viClose waits until that read has returned. Status codes become the lab's exceptions with the
/// library's viStatusDesc text.
/// </summary>
internal sealed class NativeVisaMessageSession : IMessageSession, ISessionBreaker
{
    private readonly VisaLibrary _library;
    private readonly uint _vi;
    private readonly string _resourceText;
    private readonly byte[] _buffer;
    private readonly Lock _gate = new();
    private Task<(int Status, uint Count)>? _readInFlight;
    private TimeSpan _timeout;
    private uint? _appliedTimeout;
    private byte? _appliedTermChar;
    private bool? _appliedTermCharEnabled;
    private bool? _appliedSendEnd;
    private string? _brokenReason;
    private string? _commandInFlight;
    private bool _atMessageStart = true;
    private bool _midAnswer;
    private bool _closed;
    private int _disposed;

    private NativeVisaMessageSession(VisaLibrary library, uint vi, ResourceName resource, MessageSessionOptions options)
    {
        _library = library;
        _vi = vi;
        Resource = resource;
        _resourceText = resource.ToString();
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(options.ReceiveBufferSize, 64), pinned: true);
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

    /// <summary>The library this session was opened through.</summary>
    public string LibraryPath => _library.Path;

    /// <summary>Loads the VISA library (<see cref="MessageSessionOptions.VisaLibrary"/>, <c>QDLAB_VISA_LIBRARY</c>, usual names) and viOpens the resource.</summary>
    public static Task<IMessageSession> OpenAsync(ResourceName resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string text = resource.ToString();
        var library = VisaLibrary.Load(options.VisaLibrary, text);
        uint openTimeout = Milliseconds(options.ConnectTimeout);
        int status = library.Open(text, openTimeout, out uint vi);
        if (status < VisaStatus.Success)
        {
            string hint = status switch
            {
                VisaStatus.ErrorResourceNotFound => "; is the instrument connected and configured in the VISA library's tools?",
                VisaStatus.ErrorInvalidResourceName => "; the VISA library does not accept this resource name",
                _ => "",
            };
            throw new InstrumentIOException(text, null, $"viOpen through {library.Path} failed: {library.Describe(0, status)}{hint}", VisaStatus.IsTransient(status));
        }

        return Task.FromResult<IMessageSession>(new NativeVisaMessageSession(library, vi, resource, options));
    }

    public unsafe ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken = default)
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
        if (data.IsEmpty && !endOfMessage)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            ApplyTimeout();
            Apply(VisaStatus.AttributeSendEndEnabled, endOfMessage, ref _appliedSendEnd);
            // Bounded by VI_ATTR_TMO_VALUE and never abandoned: the library reads the caller's memory.
            using var pin = data.Pin();
            byte* p = (byte*)pin.Pointer;
            int remaining = data.Length;
            do
            {
                uint chunk = (uint)Math.Min(remaining, int.MaxValue);
                int status = _library.Write(_vi, p, chunk, out uint written);
                if (status < VisaStatus.Success)
                {
                    return ValueTask.FromException(Failure(status, "sending"));
                }

                if (written == 0 && remaining > 0)
                {
                    // A library that reports success without taking anything would make this loop spin.
                    return ValueTask.FromException(Failure(VisaStatus.ErrorIo, "sending (viWrite took no bytes)"));
                }

                p += written;
                remaining -= (int)written;
            }
            while (remaining > 0);
        }
        catch (InstrumentIOException e)
        {
            return ValueTask.FromException(e);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<ReadChunk> ReadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.IsEmpty)
        {
            return new ReadChunk(0, false);
        }

        ApplyTimeout();
        Apply(VisaStatus.AttributeTermChar, TerminationCharacter, ref _appliedTermChar);
        Apply(VisaStatus.AttributeTermCharEnabled, stopAtTermination, ref _appliedTermCharEnabled);
        uint count = (uint)Math.Min(buffer.Length, _buffer.Length);
        var read = new Task<(int, uint)>(() => ReadIntoBuffer(count));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _readInFlight = read;
        }

        read.Start(TaskScheduler.Default);
        (int status, uint got) result;
        try
        {
            result = await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            Break("cancelled by the caller while waiting for the answer");
            throw new OperationCanceledException($"cancelled by the caller while waiting for the answer ({_resourceText}); the session is now broken", e, cancellationToken);
        }

        _buffer.AsSpan(0, (int)result.got).CopyTo(buffer.Span);
        if (result.status < VisaStatus.Success)
        {
            throw Failure(result.status, "waiting for the answer");
        }

        // VI_SUCCESS: END came with the last byte; TERM_CHAR: the termination character; MAX_CNT: more may follow.
        bool end = result.status is VisaStatus.Success or VisaStatus.SuccessTermChar;
        _midAnswer = !end;
        return new ReadChunk((int)result.got, end);
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        cancellationToken.ThrowIfCancellationRequested();
        ApplyTimeout();
        int status = _library.Clear(_vi);
        if (status < VisaStatus.Success)
        {
            throw Failure(status, "sending a device clear");
        }

        _midAnswer = false;
        _atMessageStart = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        cancellationToken.ThrowIfCancellationRequested();
        ApplyTimeout();
        int status = _library.ReadStatusByte(_vi, out ushort stb);
        return status < VisaStatus.Success ? throw Failure(status, "reading the status byte") : new((byte)stb);
    }

    /// <summary>viLock with an exclusive lock, waiting at most <paramref name="wait"/> for another holder.</summary>
    public void Lock(TimeSpan wait)
    {
        ThrowIfUnusable();
        int status = _library.Lock(_vi, Milliseconds(wait));
        if (status < VisaStatus.Success)
        {
            throw new InstrumentIOException(_resourceText, null, $"viLock failed: {_library.Describe(_vi, status)}", VisaStatus.IsTransient(status));
        }
    }

    public void Unlock()
    {
        ThrowIfUnusable();
        int status = _library.Unlock(_vi);
        if (status < VisaStatus.Success)
        {
            throw new InstrumentIOException(_resourceText, null, $"viUnlock failed: {_library.Describe(_vi, status)}", isTransient: false);
        }
    }

    /// <summary>Reads an integer attribute back from the library (the timeout and termination settings, for checks).</summary>
    public ulong GetAttribute(uint attribute)
    {
        ThrowIfUnusable();
        int status = _library.GetAttribute(_vi, attribute, out ulong value);
        return status < VisaStatus.Success
            ? throw new InstrumentIOException(_resourceText, null, $"viGetAttribute(0x{attribute:X8}) failed: {_library.Describe(_vi, status)}", isTransient: false)
            : value;
    }

    /// <summary>VI_ATTR_RSRC_NAME as the library reports it.</summary>
    public string LibraryResourceName()
    {
        ThrowIfUnusable();
        int status = _library.GetAttribute(_vi, VisaStatus.AttributeResourceName, out string value);
        return status < VisaStatus.Success ? throw Failure(status, "reading VI_ATTR_RSRC_NAME") : value;
    }

    public void Break(string reason)
    {
        if (Interlocked.CompareExchange(ref _brokenReason, reason, null) is null)
        {
            CloseSession();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CloseSession();
        }

        return ValueTask.CompletedTask;
    }

    private unsafe (int Status, uint Count) ReadIntoBuffer(uint count)
    {
        // _buffer is allocated pinned, so the library may fill it from any thread.
        fixed (byte* p = _buffer)
        {
            int status = _library.Read(_vi, p, count, out uint got);
            return (status, got);
        }
    }

    private static uint Milliseconds(TimeSpan timeout) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? VisaStatus.TimeoutInfinite
            : (uint)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, VisaStatus.TimeoutInfinite - 1);

    private void CloseSession()
    {
        Task? pending;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            pending = _readInFlight is { IsCompleted: false } r ? r : null;
        }

        if (pending is null)
        {
            _library.Close(_vi);
        }
        else
        {
            // viClose under a blocked viRead is undefined in several implementations: wait for it.
            _ = pending.ContinueWith(_ => _library.Close(_vi), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void ApplyTimeout()
    {
        uint wanted = Milliseconds(_timeout);
        if (_appliedTimeout != wanted)
        {
            SetAttribute(VisaStatus.AttributeTimeout, wanted);
            _appliedTimeout = wanted;
        }
    }

    private void Apply(uint attribute, bool value, ref bool? applied)
    {
        if (applied != value)
        {
            SetAttribute(attribute, value ? 1u : 0u);
            applied = value;
        }
    }

    private void Apply(uint attribute, byte value, ref byte? applied)
    {
        if (applied != value)
        {
            SetAttribute(attribute, value);
            applied = value;
        }
    }

    private void SetAttribute(uint attribute, nuint value)
    {
        int status = _library.SetAttribute(_vi, attribute, value);
        if (status < VisaStatus.Success)
        {
            throw new InstrumentIOException(_resourceText, _commandInFlight, $"viSetAttribute(0x{attribute:X8}, {value}) failed: {_library.Describe(_vi, status)}", isTransient: false);
        }
    }

    /// <summary>Turns a failed VISA call into the caller's exception; every I/O failure breaks the session.</summary>
    private InstrumentIOException Failure(int status, string activity)
    {
        string description = _library.Describe(_vi, status);
        if (status == VisaStatus.ErrorTimeout)
        {
            string problem = $"timed out after {(long)_timeout.TotalMilliseconds} ms {activity} ({description})";
            Break(problem);
            return new VisaTimeoutException(_resourceText, _commandInFlight, problem, _timeout);
        }

        string what = status == VisaStatus.ErrorConnectionLost
            ? (_midAnswer ? "the instrument closed the connection in the middle of an answer" : "the instrument closed the connection") + $" ({description})"
            : $"{activity} failed: {description}";
        if (status is VisaStatus.ErrorConnectionLost or VisaStatus.ErrorIo or VisaStatus.ErrorSystem)
        {
            Break(what);
        }

        return new InstrumentIOException(_resourceText, _commandInFlight, what, VisaStatus.IsTransient(status));
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _brokenReason) is string reason)
        {
            throw new InstrumentIOException(_resourceText, null, $"the session is broken ({reason}) and must be reopened", isTransient: true);
        }
    }
}
