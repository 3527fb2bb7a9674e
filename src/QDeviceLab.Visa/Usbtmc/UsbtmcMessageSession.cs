using QDeviceLab.Core;

namespace QDeviceLab.Visa.Usbtmc;

/// <summary>
/// <c>USB[board]::vid::pid::serial[::iface]::INSTR</c> through the Linux usbtmc kernel driver. The
/// driver frames messages (write() is one message, EOM on its last transfer unless switched off for a
/// chunk), so this session adds only what the byte-stream base does not know: the driver's own
/// timeout kept equal to <see cref="IMessageSession.Timeout"/>, a real device clear
/// (USBTMC INITIATE_CLEAR) and a real serial poll (USB488 READ_STATUS_BYTE), and errno mapped to
/// the lab's exceptions. read() blocks in the kernel for at most the driver timeout, so it runs on
/// the thread pool; an abandoned read (caller cancellation) leaves the session broken and the file
/// is closed once that read returns, never under it.
/// </summary>
internal sealed class UsbtmcMessageSession : ByteStreamMessageSession
{
    private readonly UsbtmcDeviceFile _device;
    private readonly Lock _gate = new();
    private Task<int>? _readInFlight;
    private bool _closed;
    private uint? _driverTimeout;
    private bool _endOfMessageEnabled = true;

    private UsbtmcMessageSession(UsbtmcDeviceFile device, ResourceName resource, MessageSessionOptions options)
        : base(resource, options)
    {
        _device = device;
    }

    /// <summary>The device file this session has open.</summary>
    public string DevicePath => _device.Path;

    /// <summary>
    /// Opens the device file named by <see cref="MessageSessionOptions.UsbtmcDevice"/>, or the one sysfs
    /// says belongs to the resource's vendor, product and serial.
    /// </summary>
    public static Task<IMessageSession> OpenAsync(ResourceName resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string path = options.UsbtmcDevice ?? UsbtmcDeviceLocator.Find(resource);
        UsbtmcDeviceFile device;
        try
        {
            device = (options.UsbtmcOpener ?? UsbtmcDeviceFile.Open)(path);
        }
        catch (UsbtmcErrnoException e)
        {
            throw new InstrumentIOException(resource.ToString(), null, $"cannot open the usbtmc device: {e.Message}", isTransient: e.Errno is UsbtmcErrno.EBusy or UsbtmcErrno.ENoDev, e);
        }

        var session = new UsbtmcMessageSession(device, resource, options);
        try
        {
            session.ApplyDriverTimeout();
        }
        catch (UsbtmcErrnoException e)
        {
            device.Dispose();
            throw new InstrumentIOException(resource.ToString(), null, $"cannot set up the usbtmc device: {e.Message}", isTransient: false, e);
        }

        return Task.FromResult<IMessageSession>(session);
    }

    protected override string ClearActivity => "sending a USBTMC device clear";

    protected override string HangUpNote => " (the USB device went away: ENODEV)";

    public override ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<byte>(cancellationToken);
        }

        try
        {
            ApplyDriverTimeout();
            return new(_device.ReadStatusByte());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(Translate(e), "reading the status byte", cancellationToken, timedOut: false);
        }
    }

    protected override ValueTask SendCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        SendCoreAsync(data, endOfMessage: true, cancellationToken);

    protected override ValueTask SendCoreAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken)
    {
        try
        {
            ApplyDriverTimeout();
            if (_endOfMessageEnabled != endOfMessage)
            {
                _device.SetEndOfMessage(endOfMessage);
                _endOfMessageEnabled = endOfMessage;
            }

            // Bounded by the driver timeout; not abandoned on cancellation, because the kernel would
            // go on reading the caller's memory.
            _device.Write(data.Span);
            return ValueTask.CompletedTask;
        }
        catch (UsbtmcErrnoException e)
        {
            return ValueTask.FromException(Translate(e));
        }
    }

    protected override async ValueTask<int> ReceiveCoreAsync(Memory<byte> into, CancellationToken cancellationToken)
    {
        ApplyDriverTimeout();
        var read = new Task<int>(() =>
        {
            try
            {
                return _device.Read(into.Span);
            }
            catch (UsbtmcErrnoException e)
            {
                throw Translate(e);
            }
        });
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _readInFlight = read;
        }

        read.Start(TaskScheduler.Default);
        return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void DiscardPendingInput()
    {
        try
        {
            ApplyDriverTimeout();
            _device.Clear();
        }
        catch (UsbtmcErrnoException e)
        {
            throw Translate(e);
        }
    }

    protected override void CloseTransport()
    {
        Task<int>? pending;
        lock (_gate)
        {
            _closed = true;
            pending = _readInFlight is { IsCompleted: false } r ? r : null;
        }

        if (pending is null)
        {
            _device.Dispose();
        }
        else
        {
            _ = pending.ContinueWith(
                static (read, device) =>
                {
                    // Nobody awaits an abandoned read any more: observe its failure, then close.
                    _ = read.Exception;
                    ((UsbtmcDeviceFile)device!).Dispose();
                },
                _device,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    protected override Exception LinkFailure(Exception e, string activity) =>
        e is UsbtmcErrnoException { Errno: UsbtmcErrno.ENoDev } ? HungUp(e) : base.LinkFailure(e, activity);

    /// <summary>The driver's ETIMEDOUT is the session's timeout; everything else stays an errno failure.</summary>
    private static Exception Translate(Exception e) =>
        e is UsbtmcErrnoException { Errno: UsbtmcErrno.ETimedOut } errno ? new TimeoutException(errno.Message, errno) : e;

    private void ApplyDriverTimeout()
    {
        uint wanted = Timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? uint.MaxValue
            : (uint)Math.Clamp(Math.Ceiling(Timeout.TotalMilliseconds), UsbtmcIoctl.MinimumTimeoutMilliseconds, uint.MaxValue - 1);
        if (_driverTimeout != wanted)
        {
            _device.SetTimeout(wanted);
            _driverTimeout = wanted;
        }
    }
}
