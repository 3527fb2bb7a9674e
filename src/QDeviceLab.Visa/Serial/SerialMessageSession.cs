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
internal sealed class SerialMessageSession : ByteStreamMessageSession
{
    private readonly SerialPort _port;
    private readonly Stream _stream;

    private SerialMessageSession(SerialPort port, ResourceName resource, MessageSessionOptions options)
        : base(resource, options)
    {
        _port = port;
        _stream = port.BaseStream;
        Settings = options.Serial ?? SerialSettings.Default;
    }

    /// <summary>The line settings the port was opened with.</summary>
    public SerialSettings Settings { get; }

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

    // RS-232 has no IEEE 488.1 device clear (VISA's viClear on ASRL flushes buffers).
    protected override string ClearActivity => "flushing the port's buffers";

    protected override string HangUpNote => " (the serial line hung up)";

    // WaitAsync as well as the token: the stream's own cancellation support differs by platform.
    // Reads always go through the session's buffer: a read abandoned on timeout may still complete
    // later, and must not write into memory the caller has since reused.
    protected override ValueTask SendCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        new(_stream.WriteAsync(data, cancellationToken).AsTask().WaitAsync(cancellationToken));

    protected override ValueTask<int> ReceiveCoreAsync(Memory<byte> into, CancellationToken cancellationToken) =>
        new(_stream.ReadAsync(into, cancellationToken).AsTask().WaitAsync(cancellationToken));

    protected override void DiscardPendingInput()
    {
        _port.DiscardInBuffer();
        _port.DiscardOutBuffer();
    }

    protected override void CloseTransport()
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

    // On Unix the port closes itself when poll() reports a hang-up, so a closed port that we did
    // not close means the other end went away.
    protected override Exception LinkFailure(Exception e, string activity) =>
        e is ObjectDisposedException or IOException or InvalidOperationException ? HungUp(e) : base.LinkFailure(e, activity);
}
