using System.Net.Sockets;
using QDeviceLab.Visa.HiSlip;

namespace QDeviceLab.Emulation.Servers.HiSlip;

/// <summary>
/// One TCP connection of a HiSLIP session, server side, used from the connection's own thread with
/// blocking calls: whole-message reads with bounded payloads, and sends serialized by a lock because
/// the synchronous loop may have to report a fatal error on the asynchronous channel too (IVI-6.1
/// 6.2). A message goes out in one send from a buffer the channel keeps.
/// </summary>
internal sealed class HiSlipServerChannel(Socket socket) : IDisposable
{
    /// <summary>Payloads up to this size are copied behind their header and sent in one call; larger ones follow it.</summary>
    private const int CoalescedPayload = 64 * 1024;

    private readonly byte[] _header = new byte[HiSlipProtocol.HeaderSize];
    private readonly byte[] _skip = new byte[16 * 1024];
    private readonly Lock _sendLock = new();
    private byte[] _frame = new byte[256];
    private int _disposed;

    /// <summary>The next header, or null when the peer closed the connection between messages.</summary>
    public HiSlipHeader? ReadHeader()
    {
        int read = ReadUpTo(_header);
        if (read == 0)
        {
            return null;
        }

        return read < _header.Length
            ? throw new EndOfStreamException("the client closed the connection inside a message header")
            : HiSlipHeader.Parse(_header);
    }

    public void ReadExactly(Span<byte> into)
    {
        if (ReadUpTo(into) < into.Length)
        {
            throw new EndOfStreamException($"the client closed the connection inside a {into.Length}-byte payload");
        }
    }

    public void Skip(ulong count)
    {
        while (count > 0)
        {
            int take = (int)Math.Min((ulong)_skip.Length, count);
            ReadExactly(_skip.AsSpan(0, take));
            count -= (ulong)take;
        }
    }

    public void Send(HiSlipMessageType type, byte controlCode, uint parameter, ReadOnlySpan<byte> payload)
    {
        var header = new HiSlipHeader(type, controlCode, parameter, (ulong)payload.Length);
        lock (_sendLock)
        {
            int coalesced = payload.Length <= CoalescedPayload ? payload.Length : 0;
            int length = HiSlipProtocol.HeaderSize + coalesced;
            if (_frame.Length < length)
            {
                _frame = new byte[Math.Max(length, 2 * _frame.Length)];
            }

            header.Write(_frame);
            payload[..coalesced].CopyTo(_frame.AsSpan(HiSlipProtocol.HeaderSize));
            SendAll(_frame.AsSpan(0, length));
            if (coalesced < payload.Length)
            {
                SendAll(payload);
            }
        }
    }

    /// <summary>Sends a FatalError if the connection still takes it (within a second), then closes it.</summary>
    public void Fail(byte code, string reason)
    {
        try
        {
            socket.SendTimeout = 1000;
            Send(HiSlipMessageType.FatalError, code, 0, System.Text.Encoding.ASCII.GetBytes(reason));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client is gone or not reading; closing is all that is left.
        }

        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }

            socket.Dispose();
        }
    }

    private int ReadUpTo(Span<byte> into)
    {
        int have = 0;
        while (have < into.Length)
        {
            int n = socket.Receive(into[have..], SocketFlags.None);
            if (n == 0)
            {
                break;
            }

            have += n;
        }

        return have;
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data, SocketFlags.None)..];
        }
    }
}
