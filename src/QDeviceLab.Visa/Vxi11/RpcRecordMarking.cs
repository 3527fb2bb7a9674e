using System.Buffers;
using System.Buffers.Binary;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// ONC RPC record marking over TCP (RFC 5531 section 11): each fragment starts with a 4-byte
/// big-endian header, high bit set on the last fragment of a record, low 31 bits its length.
/// Reading is bounded: a header announcing more than the caller's limit is an
/// <see cref="RpcFormatException"/> before anything of that size is allocated.
/// </summary>
public static class RpcRecordMarking
{
    public const uint LastFragmentBit = 0x8000_0000;

    /// <summary>Splits a fragment header into its last-fragment flag and length.</summary>
    public static (bool Last, int Length) ParseHeader(uint header) => ((header & LastFragmentBit) != 0, (int)(header & ~LastFragmentBit));

    /// <summary>
    /// Reads one whole record (all its fragments). Returns null when the peer closed the connection
    /// cleanly between records; a close inside a record is an <see cref="EndOfStreamException"/>.
    /// </summary>
    public static async ValueTask<byte[]?> ReadRecordAsync(Stream stream, int maxRecordBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] headerBytes = new byte[4];
        byte[]? record = null;
        int total = 0;
        while (true)
        {
            int got = await ReadUpToAsync(stream, headerBytes, cancellationToken).ConfigureAwait(false);
            if (got == 0 && record is null)
            {
                return null;
            }

            if (got < 4)
            {
                throw new EndOfStreamException($"connection closed inside an RPC record header ({got} of 4 bytes)");
            }

            var (last, length) = ParseHeader(BinaryPrimitives.ReadUInt32BigEndian(headerBytes));
            if (length > maxRecordBytes - total)
            {
                throw new RpcFormatException($"RPC fragment of {length} bytes would make a record larger than the {maxRecordBytes}-byte limit");
            }

            if (!last && length == 0)
            {
                // An empty non-final fragment carries nothing; refusing it stops a peer from keeping us busy forever.
                throw new RpcFormatException("empty RPC fragment that is not the last of its record");
            }

            if (record is null)
            {
                record = new byte[length];
            }
            else
            {
                Array.Resize(ref record, total + length);
            }

            int payload = await ReadUpToAsync(stream, record.AsMemory(total, length), cancellationToken).ConfigureAwait(false);
            if (payload < length)
            {
                throw new EndOfStreamException($"connection closed inside an RPC record ({payload} of {length} fragment bytes)");
            }

            total += length;
            if (last)
            {
                return record;
            }
        }
    }

    /// <summary>Writes <paramref name="record"/> as one last fragment, header and body in a single write.</summary>
    public static async ValueTask WriteRecordAsync(Stream stream, ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] frame = ArrayPool<byte>.Shared.Rent(record.Length + 4);
        try
        {
            BinaryPrimitives.WriteUInt32BigEndian(frame, LastFragmentBit | (uint)record.Length);
            record.Span.CopyTo(frame.AsSpan(4));
            await stream.WriteAsync(frame.AsMemory(0, record.Length + 4), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private static async ValueTask<int> ReadUpToAsync(Stream stream, Memory<byte> into, CancellationToken cancellationToken)
    {
        int have = 0;
        while (have < into.Length)
        {
            int n = await stream.ReadAsync(into[have..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            have += n;
        }

        return have;
    }
}
