using System.Net;
using System.Net.Sockets;
using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>
/// <c>TCPIP::host::port::SOCKET</c>: SCPI over a raw TCP stream. There is no END marker, no device
/// clear and no serial poll on a raw socket, so a message ends at the termination character, and
/// <see cref="ByteStreamMessageSession.ClearAsync"/> and <see cref="ByteStreamMessageSession.ReadStatusByteAsync"/>
/// do what a socket allows. Not safe for concurrent use except through
/// <see cref="ByteStreamMessageSession.ExchangeLock"/>, like every session.
/// A call made without a cancellable token runs as blocking socket calls bounded by the socket's
/// timeouts (one wake-up per round trip instead of three), so it holds the calling thread until
/// the answer or the timeout; pass a cancellable token to keep the thread free.
/// </summary>
internal sealed class SocketMessageSession : ByteStreamMessageSession
{
    private readonly Socket _socket;
    private TimeSpan _sendTimeout = System.Threading.Timeout.InfiniteTimeSpan;
    private TimeSpan _receiveTimeout = System.Threading.Timeout.InfiniteTimeSpan;

    internal SocketMessageSession(Socket connected, ResourceName resource, MessageSessionOptions options)
        : base(resource, options)
    {
        _socket = connected;
    }

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
            // A blocking connect (on a pool thread, abandoned by disposing the socket on timeout)
            // leaves the socket in blocking mode; an asynchronous one would switch it to
            // non-blocking for good, and every blocking receive after would wait on the event loop.
            await Task.Run(() => socket.Connect(endPoint), CancellationToken.None).WaitAsync(attempt.Token).ConfigureAwait(false);
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
                throw new VisaTimeoutException(resource.ToString(), null, $"no connection to {host}:{port} within {(long)options.ConnectTimeout.TotalMilliseconds} ms", options.ConnectTimeout, e);
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

    // A raw socket has no out-of-band channel, so there is no IEEE 488.1 device clear to send
    // (VXI-11 has device_clear, HiSLIP AsyncDeviceClear, USBTMC INITIATE_CLEAR): discard what the
    // kernel already holds.
    protected override string ClearActivity => "discarding pending input";

    // A cancelled socket receive never completes later, so bulk reads may target the caller's memory.
    protected override bool ReadsDirectIntoCallerMemory => true;

    protected override async ValueTask SendCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    protected override ValueTask<int> ReceiveCoreAsync(Memory<byte> into, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(into, SocketFlags.None, cancellationToken);

    protected override bool CanBlock => true;

    protected override void SendBlocking(ReadOnlySpan<byte> data, TimeSpan timeout)
    {
        if (timeout != _sendTimeout)
        {
            _socket.SendTimeout = SocketTimeout(timeout);
            _sendTimeout = timeout;
        }

        try
        {
            while (!data.IsEmpty)
            {
                data = data[_socket.Send(data, SocketFlags.None)..];
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new TimeoutException("the socket's send timeout expired", e);
        }
    }

    protected override int ReceiveBlocking(Span<byte> into, TimeSpan timeout)
    {
        if (timeout != _receiveTimeout)
        {
            _socket.ReceiveTimeout = SocketTimeout(timeout);
            _receiveTimeout = timeout;
        }

        try
        {
            return _socket.Receive(into, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new TimeoutException("the socket's receive timeout expired", e);
        }
    }

    // Socket timeouts are whole milliseconds, 0 meaning none; round up so a tiny timeout stays one.
    private static int SocketTimeout(TimeSpan timeout) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));

    protected override void DiscardPendingInput()
    {
        var scratch = new byte[4096];
        while (_socket.Available > 0)
        {
            _socket.Receive(scratch, SocketFlags.None);
        }
    }

    protected override void CloseTransport() => _socket.Dispose();

    protected override string DescribeFailure(Exception e) =>
        e is SocketException se ? $"{se.SocketErrorCode} ({se.Message})" : e.Message;
}
