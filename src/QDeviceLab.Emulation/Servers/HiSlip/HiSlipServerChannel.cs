using QDeviceLab.Visa.HiSlip;

namespace QDeviceLab.Emulation.Servers.HiSlip;

/// <summary>
/// One TCP connection of a HiSLIP session, server side: whole-message reads with bounded payloads and
/// sends serialized by a lock, because the synchronous loop may have to report a fatal error on the
/// asynchronous channel too (IVI-6.1 6.2).
/// </summary>
internal sealed class HiSlipServerChannel(Stream stream) : IDisposable
{
    private readonly byte[] _header = new byte[HiSlipProtocol.HeaderSize];
    private readonly byte[] _skip = new byte[16 * 1024];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _disposed;

    /// <summary>The next header, or null when the peer closed the connection between messages.</summary>
    public async ValueTask<HiSlipHeader?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        int read = await stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        return read < _header.Length
            ? throw new EndOfStreamException("the client closed the connection inside a message header")
            : HiSlipHeader.Parse(_header);
    }

    public async ValueTask ReadExactlyAsync(Memory<byte> into, CancellationToken cancellationToken) =>
        await stream.ReadExactlyAsync(into, cancellationToken).ConfigureAwait(false);

    public async ValueTask SkipAsync(ulong count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            int take = (int)Math.Min((ulong)_skip.Length, count);
            await stream.ReadExactlyAsync(_skip.AsMemory(0, take), cancellationToken).ConfigureAwait(false);
            count -= (ulong)take;
        }
    }

    public ValueTask SendAsync(HiSlipMessageType type, byte controlCode, uint parameter, ReadOnlySpan<byte> payload, CancellationToken cancellationToken) =>
        SendFrameAsync(HiSlipHeader.Frame(type, controlCode, parameter, payload), cancellationToken);

    public async ValueTask SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a FatalError if the connection still takes it (bounded wait), then closes it.</summary>
    public async Task FailAsync(byte code, string reason)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(HiSlipMessageType.FatalError, code, 0, System.Text.Encoding.ASCII.GetBytes(reason), quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone or not reading; closing is all that is left.
        }

        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            stream.Dispose();
        }
    }
}
