using System.Net.Sockets;

namespace QDeviceLab.Visa.HiSlip;

/// <summary>
/// One of the two TCP connections of a HiSLIP session, with a receive buffer: headers and small
/// payloads are taken from the buffer, large Data payloads may go straight into the caller's memory.
/// A peer closing the connection is an <see cref="EndOfStreamException"/>; the session turns it into
/// the error the caller sees. Not thread-safe: the session serializes each channel.
/// </summary>
internal sealed class HiSlipChannel(Socket socket, int bufferSize) : IDisposable
{
    private readonly byte[] _buffer = new byte[Math.Max(bufferSize, 4 * HiSlipProtocol.HeaderSize)];
    private int _start;
    private int _end;
    private TimeSpan _blockingTimeout = TimeSpan.Zero;

    public Socket Socket { get; } = socket;

    public int Buffered => _end - _start;

    public async ValueTask<HiSlipHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(HiSlipProtocol.HeaderSize, cancellationToken).ConfigureAwait(false);
        var header = HiSlipHeader.Parse(_buffer.AsSpan(_start, HiSlipProtocol.HeaderSize));
        _start += HiSlipProtocol.HeaderSize;
        return header;
    }

    /// <summary>Reads a whole small payload; the caller has bounded <paramref name="length"/> already.</summary>
    public async ValueTask<byte[]> ReadPayloadAsync(int length, CancellationToken cancellationToken)
    {
        byte[] payload = new byte[length];
        int have = 0;
        while (have < length)
        {
            int taken = await ReadSomeAsync(payload.AsMemory(have), cancellationToken).ConfigureAwait(false);
            have += taken;
        }

        return payload;
    }

    /// <summary>Discards <paramref name="count"/> payload bytes without holding more than the buffer.</summary>
    public async ValueTask SkipAsync(ulong count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (Buffered == 0)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            int take = (int)Math.Min((ulong)Buffered, count);
            _start += take;
            count -= (ulong)take;
        }
    }

    /// <summary>
    /// Buffered bytes first; otherwise one receive, straight into <paramref name="destination"/> when it
    /// is at least as large as the buffer (bulk binary answers skip the copy).
    /// </summary>
    public async ValueTask<int> ReadSomeAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (Buffered == 0)
        {
            if (destination.Length >= _buffer.Length)
            {
                int direct = await Socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                return direct > 0 ? direct : throw new EndOfStreamException("the peer closed the connection");
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        return Take(destination.Span);
    }

    /// <summary>Makes sure at least one byte is buffered, receiving if needed; then <see cref="Peek"/> shows it.</summary>
    public async ValueTask EnsureSomeAsync(CancellationToken cancellationToken)
    {
        if (Buffered == 0)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ReadOnlySpan<byte> Peek() => _buffer.AsSpan(_start, Buffered);

    /// <summary>
    /// Puts back the header <see cref="ReadHeader"/> just returned, so the next read sees it again:
    /// its bytes are still in the buffer (a receive moves the buffer only before a header is taken).
    /// </summary>
    public void UnreadHeader() => _start -= HiSlipProtocol.HeaderSize;

    public void Advance(int count) => _start += count;

    public int Take(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, Buffered);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>Forgets buffered bytes and whatever the kernel already holds (device clear, before the handshake).</summary>
    public void DiscardAvailable()
    {
        _start = _end = 0;
        while (Socket.Available > 0)
        {
            Socket.Receive(_buffer, SocketFlags.None);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await Socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    public void Dispose() => Socket.Dispose();

    // Blocking counterparts, for a caller that passed no cancellation token: each socket call is
    // bounded by the timeout (a TimeoutException when it expires), no timer, no state machine.

    /// <summary>Sets the timeout of the blocking calls below (infinite allowed).</summary>
    public void SetBlockingTimeout(TimeSpan timeout)
    {
        if (timeout == _blockingTimeout)
        {
            return;
        }

        int ms = timeout == System.Threading.Timeout.InfiniteTimeSpan ? 0 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
        Socket.ReceiveTimeout = ms;
        Socket.SendTimeout = ms;
        _blockingTimeout = timeout;
    }

    public HiSlipHeader ReadHeader()
    {
        while (Buffered < HiSlipProtocol.HeaderSize)
        {
            Fill();
        }

        var header = HiSlipHeader.Parse(_buffer.AsSpan(_start, HiSlipProtocol.HeaderSize));
        _start += HiSlipProtocol.HeaderSize;
        return header;
    }

    public byte[] ReadPayload(int length)
    {
        byte[] payload = new byte[length];
        for (int have = 0; have < length;)
        {
            have += ReadSome(payload.AsSpan(have));
        }

        return payload;
    }

    public void Skip(ulong count)
    {
        while (count > 0)
        {
            if (Buffered == 0)
            {
                Fill();
            }

            int take = (int)Math.Min((ulong)Buffered, count);
            _start += take;
            count -= (ulong)take;
        }
    }

    public int ReadSome(Span<byte> destination)
    {
        if (Buffered == 0)
        {
            if (destination.Length >= _buffer.Length)
            {
                int direct = Receive(destination);
                return direct > 0 ? direct : throw new EndOfStreamException("the peer closed the connection");
            }

            Fill();
        }

        return Take(destination);
    }

    public void EnsureSome()
    {
        if (Buffered == 0)
        {
            Fill();
        }
    }

    public void Send(ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                data = data[Socket.Send(data, SocketFlags.None)..];
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new TimeoutException("the socket's send timeout expired", e);
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        int received = Receive(_buffer.AsSpan(_end));
        if (received == 0)
        {
            throw new EndOfStreamException("the peer closed the connection");
        }

        _end += received;
    }

    private int Receive(Span<byte> into)
    {
        try
        {
            return Socket.Receive(into, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            throw new TimeoutException("the socket's receive timeout expired", e);
        }
    }

    private async ValueTask EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (Buffered < count)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            // Keep a partial header at the front so the next receive can complete it.
            _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        int received = await Socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (received == 0)
        {
            throw new EndOfStreamException("the peer closed the connection");
        }

        _end += received;
    }
}
