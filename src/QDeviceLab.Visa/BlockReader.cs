using System.Buffers;

namespace QDeviceLab.Visa;

/// <summary>Client side of IEEE 488.2 block answers: header, bounded payload, trailer.</summary>
internal static class BlockReader
{
    public static async ValueTask<T[]> ReadAsync<T>(IMessageSession session, ByteOrder order, long maxBytes, string? command, CancellationToken cancellationToken)
        where T : unmanaged
    {
        int size = Ieee4882Block.SampleSize<T>();
        var (payloadLength, indefinite) = await ReadHeaderAsync(session, maxBytes, command, cancellationToken).ConfigureAwait(false);
        return indefinite
            ? await ReadIndefiniteAsync<T>(session, order, maxBytes, size, command, cancellationToken).ConfigureAwait(false)
            : await ReadDefiniteAsync<T>(session, order, payloadLength, size, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a block answer's payload to <paramref name="destination"/> chunk by chunk; returns its length.</summary>
    public static async ValueTask<long> CopyToAsync(IMessageSession session, Stream destination, long maxBytes, string? command, CancellationToken cancellationToken)
    {
        var (payloadLength, indefinite) = await ReadHeaderAsync(session, maxBytes, command, cancellationToken).ConfigureAwait(false);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(MessageSessionExtensions.ChunkSize);
        try
        {
            if (!indefinite)
            {
                bool ended = false;
                for (long remaining = payloadLength; remaining > 0;)
                {
                    if (ended)
                    {
                        throw MessageSessionExtensions.Protocol(session, command, $"answer ended {remaining} bytes before the end of the announced {payloadLength}-byte block", breakSession: false);
                    }

                    var read = await session.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, remaining)), stopAtTermination: false, cancellationToken).ConfigureAwait(false);
                    await WriteOutAsync(session, destination, chunk.AsMemory(0, read.Count), cancellationToken).ConfigureAwait(false);
                    remaining -= read.Count;
                    ended = read.EndOfMessage;
                }

                if (!ended)
                {
                    await ReadTrailerAsync(session, payloadLength, command, cancellationToken).ConfigureAwait(false);
                }

                return payloadLength;
            }

            long total = 0;
            while (true)
            {
                var read = await session.ReadAsync(chunk, stopAtTermination: true, cancellationToken).ConfigureAwait(false);
                int count = read.EndOfMessage && read.Count > 0 && chunk[read.Count - 1] == session.TerminationCharacter ? read.Count - 1 : read.Count;
                total += count;
                if (total > maxBytes)
                {
                    throw MessageSessionExtensions.Protocol(session, command, $"indefinite block is longer than the allowed {maxBytes} bytes", breakSession: !read.EndOfMessage);
                }

                await WriteOutAsync(session, destination, chunk.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                if (read.EndOfMessage)
                {
                    return total;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>A destination that fails mid-block leaves the rest of the block unread: break the session.</summary>
    private static async ValueTask WriteOutAsync(IMessageSession session, Stream destination, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            (session as ISessionBreaker)?.Break($"writing the block to the destination stream failed: {e.Message}");
            throw;
        }
    }

    private static async ValueTask<(long PayloadLength, bool Indefinite)> ReadHeaderAsync(IMessageSession session, long maxBytes, string? command, CancellationToken cancellationToken)
    {
        byte[] header = new byte[Ieee4882Block.MaxHeaderLength];
        int have = 0;
        int need = 2;
        bool ended = false;
        while (true)
        {
            // Header bytes are read up to the termination character, so a plain text answer
            // ("0\n", an error string) ends the read instead of waiting for bytes that never come.
            while (have < need && !ended)
            {
                var chunk = await session.ReadAsync(header.AsMemory(have, need - have), stopAtTermination: true, cancellationToken).ConfigureAwait(false);
                have += chunk.Count;
                ended = chunk.EndOfMessage;
            }

            try
            {
                if (Ieee4882Block.TryParseHeader(header.AsSpan(0, have), out _, out long payloadLength, out bool indefinite, maxBytes))
                {
                    return (payloadLength, indefinite);
                }
            }
            catch (BlockFormatException e)
            {
                throw MessageSessionExtensions.Protocol(session, command, $"malformed block answer: {e.Message}", breakSession: !ended, e);
            }

            if (ended)
            {
                throw MessageSessionExtensions.Protocol(session, command, $"answer ended after {have} bytes, inside the block header", breakSession: false);
            }

            need = 2 + (header[1] - '0');
        }
    }

    private static async ValueTask<T[]> ReadDefiniteAsync<T>(IMessageSession session, ByteOrder order, long payloadLength, int size, string? command, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (payloadLength % size != 0)
        {
            throw MessageSessionExtensions.Protocol(session, command, $"block of {payloadLength} bytes is not a whole number of {size}-byte samples", breakSession: true);
        }

        var samples = new T[payloadLength / size];
        byte[] chunk = ArrayPool<byte>.Shared.Rent(MessageSessionExtensions.ChunkSize);
        try
        {
            int chunkSamples = chunk.Length / size;
            bool ended = false;
            for (int next = 0; next < samples.Length;)
            {
                int take = Math.Min(chunkSamples, samples.Length - next);
                int bytes = take * size;
                for (int have = 0; have < bytes;)
                {
                    if (ended)
                    {
                        throw MessageSessionExtensions.Protocol(session, command, $"answer ended {payloadLength - ((long)next * size) - have} bytes before the end of the announced {payloadLength}-byte block", breakSession: false);
                    }

                    var read = await session.ReadAsync(chunk.AsMemory(have, bytes - have), stopAtTermination: false, cancellationToken).ConfigureAwait(false);
                    have += read.Count;
                    ended = read.EndOfMessage;
                }

                Ieee4882Block.DecodeSamples(chunk.AsSpan(0, bytes), samples.AsSpan(next, take), order);
                next += take;
            }

            if (!ended)
            {
                await ReadTrailerAsync(session, payloadLength, command, cancellationToken).ConfigureAwait(false);
            }

            return samples;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>After a definite block only the message terminator ("\n" or "\r\n") may follow.</summary>
    private static async ValueTask ReadTrailerAsync(IMessageSession session, long payloadLength, string? command, CancellationToken cancellationToken)
    {
        byte[] trailer = new byte[8];
        int have = 0;
        while (true)
        {
            var read = await session.ReadAsync(trailer.AsMemory(have), stopAtTermination: true, cancellationToken).ConfigureAwait(false);
            have += read.Count;
            if (read.EndOfMessage)
            {
                break;
            }

            if (have == trailer.Length)
            {
                throw MessageSessionExtensions.Protocol(session, command, $"answer goes on after the announced {payloadLength}-byte block", breakSession: true);
            }
        }

        if (trailer.AsSpan(0, have).IndexOfAnyExcept((byte)'\r', (byte)'\n', session.TerminationCharacter) >= 0)
        {
            throw MessageSessionExtensions.Protocol(session, command, $"answer goes on after the announced {payloadLength}-byte block", breakSession: false);
        }
    }

    /// <summary>
    /// <c>#0&lt;bytes&gt;</c> ends at the termination character (END on transports that have one). A raw
    /// socket has no END, so there a data byte equal to the termination character ends the block early:
    /// instruments on sockets should send definite blocks.
    /// </summary>
    private static async ValueTask<T[]> ReadIndefiniteAsync<T>(IMessageSession session, ByteOrder order, long maxBytes, int size, string? command, CancellationToken cancellationToken)
        where T : unmanaged
    {
        long limit = maxBytes + 1;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, MessageSessionExtensions.ChunkSize));
        int length = 0;
        try
        {
            while (true)
            {
                int capacity = (int)Math.Min(buffer.Length, limit);
                if (length == capacity)
                {
                    if (capacity == limit)
                    {
                        throw MessageSessionExtensions.Protocol(session, command, $"indefinite block is longer than the allowed {maxBytes} bytes", breakSession: true);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, Math.Min(Array.MaxLength, 2L * buffer.Length)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    capacity = (int)Math.Min(buffer.Length, limit);
                }

                var read = await session.ReadAsync(buffer.AsMemory(length, capacity - length), stopAtTermination: true, cancellationToken).ConfigureAwait(false);
                length += read.Count;
                if (read.EndOfMessage)
                {
                    break;
                }
            }

            int payload = length > 0 && buffer[length - 1] == session.TerminationCharacter ? length - 1 : length;
            if (payload % size != 0)
            {
                throw MessageSessionExtensions.Protocol(session, command, $"indefinite block of {payload} bytes is not a whole number of {size}-byte samples", breakSession: false);
            }

            var samples = new T[payload / size];
            Ieee4882Block.DecodeSamples(buffer.AsSpan(0, payload), samples.AsSpan(), order);
            return samples;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
