using System.Buffers.Binary;
using System.Net.Sockets;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// Reads ONC RPC records off one TCP connection with blocking calls into buffers it keeps: one
/// receive usually brings a whole record (mark and body), and nothing is allocated per record
/// once the buffers have grown to the connection's largest. Bounded like
/// <see cref="RpcRecordMarking.ReadRecordAsync"/>: a fragment that would make a record larger
/// than the limit is an <see cref="RpcFormatException"/> before anything of that size exists.
/// Public because the emulator's VXI-11 server shares it with the client.
/// </summary>
public sealed class RpcRecordReader(Socket socket, int initialCapacity = 8 * 1024)
{
    private byte[] _buffer = new byte[Math.Max(initialCapacity, 64)];
    private byte[] _assembly = [];
    private int _start;
    private int _end;

    /// <summary>
    /// The next whole record, as a segment of a buffer this reader owns, valid until the next
    /// call; false when the peer closed the connection cleanly between records. A close inside a
    /// record is an <see cref="EndOfStreamException"/>.
    /// </summary>
    public bool TryRead(int maxRecordBytes, out ArraySegment<byte> record)
    {
        int total = 0;
        bool assembled = false;
        while (true)
        {
            int got = Fill(4);
            if (got == 0 && total == 0 && !assembled)
            {
                record = default;
                return false;
            }

            if (got < 4)
            {
                throw new EndOfStreamException($"connection closed inside an RPC record header ({got} of 4 bytes)");
            }

            var (last, length) = RpcRecordMarking.ParseHeader(BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start, 4)));
            if (length > maxRecordBytes - total)
            {
                throw new RpcFormatException($"RPC fragment of {length} bytes would make a record larger than the {maxRecordBytes}-byte limit");
            }

            if (!last && length == 0)
            {
                throw new RpcFormatException("empty RPC fragment that is not the last of its record");
            }

            int have = Fill(4 + length);
            if (have < 4 + length)
            {
                throw new EndOfStreamException($"connection closed inside an RPC record ({have - 4} of {length} fragment bytes)");
            }

            var fragment = new ArraySegment<byte>(_buffer, _start + 4, length);
            _start += 4 + length;
            if (last && !assembled)
            {
                // The common case: one fragment, read in place.
                record = fragment;
                return true;
            }

            if (_assembly.Length < total + length)
            {
                Array.Resize(ref _assembly, Math.Max(total + length, Math.Min(2 * _assembly.Length, maxRecordBytes)));
            }

            fragment.AsSpan().CopyTo(_assembly.AsSpan(total));
            total += length;
            assembled = true;
            if (last)
            {
                record = new ArraySegment<byte>(_assembly, 0, total);
                return true;
            }
        }
    }

    /// <summary>Receives until <paramref name="count"/> bytes are buffered from the read position or the peer closes; returns how many are.</summary>
    private int Fill(int count)
    {
        if (_end - _start >= count)
        {
            return count;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_buffer.Length - _start < count)
        {
            // Make room: move what is buffered to the front, growing for a record larger than any before.
            var target = count > _buffer.Length ? new byte[(int)Math.Max(count, Math.Min(2L * _buffer.Length, Array.MaxLength))] : _buffer;
            _buffer.AsSpan(_start, _end - _start).CopyTo(target);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }

        while (_end - _start < count)
        {
            int n = socket.Receive(_buffer.AsSpan(_end), SocketFlags.None);
            if (n == 0)
            {
                break;
            }

            _end += n;
        }

        return _end - _start;
    }
}
