using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>
/// Text lines, queries and IEEE 488.2 binary blocks over any <see cref="IMessageSession"/>.
/// Whole exchanges (<see cref="WriteLineAsync"/>, <see cref="QueryAsync"/>, <see cref="QueryBlockAsync{T}"/>,
/// <see cref="WriteBlockAsync{T}"/>) take <see cref="IMessageSession.ExchangeLock"/> themselves, so do not
/// call them while holding it; the read halves (<see cref="ReadLineAsync"/>, <see cref="ReadBlockAsync{T}"/>)
/// do not, so a caller composing its own exchange holds the lock around WriteAsync and them.
/// </summary>
public static class MessageSessionExtensions
{
    /// <summary>Longest text answer accepted by default (1 MiB); a longer one is a protocol error.</summary>
    public const int DefaultMaxLineLength = 1 << 20;

    /// <summary>Block writes and reads move samples through a pooled buffer of this size.</summary>
    internal const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Piece size of a streamed block upload: large, so a 256 MiB waveform is a few hundred sends
    /// (and on VXI-11 as few device_write calls as the device's maxRecvSize allows), not thousands.
    /// </summary>
    internal const int WriteChunkSize = 1 << 20;

    private const int MaxBlockTrailer = 8;

    /// <summary>Sends <paramref name="command"/> (ASCII) followed by '\n' as one program message.</summary>
    public static async Task WriteLineAsync(this IMessageSession session, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        byte[] message = EncodeLine(command, out int length);
        try
        {
            await session.ExchangeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await session.WriteAsync(message.AsMemory(0, length), endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                session.ExchangeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    /// <summary>
    /// Reads one text answer up to the termination character and returns it without the trailing
    /// "\n" or "\r\n". An answer longer than <paramref name="maxLength"/> bytes is an
    /// <see cref="InstrumentIOException"/>. Does not take the exchange lock.
    /// </summary>
    public static async Task<string> ReadLineAsync(this IMessageSession session, int maxLength = DefaultMaxLineLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        return await ReadLineCoreAsync(session, maxLength, command: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="command"/> and reads its one-line answer, holding the exchange lock throughout.</summary>
    public static async Task<string> QueryAsync(this IMessageSession session, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        byte[] message = EncodeLine(command, out int length);
        try
        {
            await session.ExchangeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await session.WriteAsync(message.AsMemory(0, length), endOfMessage: true, cancellationToken).ConfigureAwait(false);
                return await ReadLineCoreAsync(session, DefaultMaxLineLength, command, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                session.ExchangeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    /// <summary>
    /// Sends <paramref name="command"/> and reads an IEEE 488.2 block answer (definite or indefinite) of
    /// <typeparamref name="T"/> samples in <paramref name="order"/>. A header announcing more than
    /// <paramref name="maxBytes"/> is refused before anything is allocated.
    /// </summary>
    public static async Task<T[]> QueryBlockAsync<T>(this IMessageSession session, string command, ByteOrder order, long maxBytes, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(session);
        Ieee4882Block.SampleSize<T>();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        byte[] message = EncodeLine(command, out int length);
        try
        {
            await session.ExchangeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await session.WriteAsync(message.AsMemory(0, length), endOfMessage: true, cancellationToken).ConfigureAwait(false);
                return await BlockReader.ReadAsync<T>(session, order, maxBytes, command, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                session.ExchangeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    /// <summary>
    /// Sends <paramref name="command"/> and copies the block answer's payload (raw bytes, definite or
    /// indefinite) to <paramref name="destination"/> in chunks, for answers too large to hold as an array.
    /// Returns the payload length. A destination that throws breaks the session.
    /// </summary>
    public static async Task<long> QueryBlockAsync(this IMessageSession session, string command, Stream destination, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        byte[] message = EncodeLine(command, out int length);
        try
        {
            await session.ExchangeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await session.WriteAsync(message.AsMemory(0, length), endOfMessage: true, cancellationToken).ConfigureAwait(false);
                return await BlockReader.CopyToAsync(session, destination, maxBytes, command, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                session.ExchangeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    /// <summary>Reads a block answer to a query the caller already sent (does not take the exchange lock).</summary>
    public static async Task<T[]> ReadBlockAsync<T>(this IMessageSession session, ByteOrder order, long maxBytes, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(session);
        Ieee4882Block.SampleSize<T>();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return await BlockReader.ReadAsync<T>(session, order, maxBytes, command: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="prefix"/> + <c>#&lt;n&gt;&lt;len&gt;</c> + the samples in <paramref name="order"/> + "\n"
    /// as one program message, streamed in <see cref="WriteChunkSize"/> pieces through one pooled buffer:
    /// the block is never built in memory. The prefix includes any separator the command needs
    /// (e.g. <c>"WLIST:WAV:DATA \"w1\","</c>).
    /// </summary>
    public static async Task WriteBlockAsync<T>(this IMessageSession session, string prefix, ReadOnlyMemory<T> samples, ByteOrder order, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(prefix);
        RequireAscii(prefix, nameof(prefix));
        int size = Ieee4882Block.SampleSize<T>();
        long payloadLength = (long)samples.Length * size;
        if (payloadLength > Ieee4882Block.MaxDefinitePayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), $"{payloadLength} bytes do not fit one definite block (at most {Ieee4882Block.MaxDefinitePayloadLength}); send several blocks");
        }

        int head = prefix.Length + Ieee4882Block.MaxHeaderLength + 1;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(Math.Max((int)Math.Min(WriteChunkSize, payloadLength + head), head));
        try
        {
            await session.ExchangeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                int used = Encoding.ASCII.GetBytes(prefix, chunk);
                used += Ieee4882Block.FormatHeader(payloadLength, chunk.AsSpan(used));
                if (payloadLength >= WriteChunkSize && InWireOrder(size, order) && MemoryMarshal.TryGetArray(samples, out ArraySegment<T> whole))
                {
                    // Already the wire's bytes: send them from the caller's array, 1 MiB at a time.
                    await session.WriteAsync(chunk.AsMemory(0, used), endOfMessage: false, cancellationToken).ConfigureAwait(false);
                    var bytes = new SampleBytes<T>(whole.Array!).Memory.Slice(whole.Offset * size, (int)payloadLength);
                    for (int at = 0; at < bytes.Length; at += WriteChunkSize)
                    {
                        await session.WriteAsync(bytes.Slice(at, Math.Min(WriteChunkSize, bytes.Length - at)), endOfMessage: false, cancellationToken).ConfigureAwait(false);
                    }

                    chunk[0] = (byte)'\n';
                    await session.WriteAsync(chunk.AsMemory(0, 1), endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    return;
                }

                int next = 0;
                while (true)
                {
                    int take = Math.Min((chunk.Length - used) / size, samples.Length - next);
                    Ieee4882Block.EncodeSamples(samples.Span.Slice(next, take), chunk.AsSpan(used, take * size), order);
                    used += take * size;
                    next += take;
                    bool last = next == samples.Length;
                    if (last && used < chunk.Length)
                    {
                        chunk[used++] = (byte)'\n';
                        await session.WriteAsync(chunk.AsMemory(0, used), endOfMessage: true, cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    await session.WriteAsync(chunk.AsMemory(0, used), endOfMessage: false, cancellationToken).ConfigureAwait(false);
                    used = 0;
                    if (last)
                    {
                        chunk[0] = (byte)'\n';
                        await session.WriteAsync(chunk.AsMemory(0, 1), endOfMessage: true, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                }
            }
            finally
            {
                session.ExchangeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static bool InWireOrder(int size, ByteOrder order) => size == 1 || (order == ByteOrder.LittleEndian) == BitConverter.IsLittleEndian;

    internal static async ValueTask<string> ReadLineCoreAsync(IMessageSession session, int maxLength, string? command, CancellationToken cancellationToken)
    {
        // Room for the terminator ("\r\n") on top of the longest accepted text.
        int limit = maxLength > int.MaxValue - 2 ? int.MaxValue : maxLength + 2;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 256));
        int length = 0;
        try
        {
            while (true)
            {
                int capacity = Math.Min(buffer.Length, limit);
                if (length == capacity)
                {
                    if (capacity == limit)
                    {
                        throw Protocol(session, command, $"answer is longer than {maxLength} bytes without a termination character", breakSession: true);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    capacity = Math.Min(buffer.Length, limit);
                }

                var chunk = await session.ReadAsync(buffer.AsMemory(length, capacity - length), stopAtTermination: true, cancellationToken).ConfigureAwait(false);
                length += chunk.Count;
                if (chunk.EndOfMessage)
                {
                    break;
                }

                if (chunk.Count == 0)
                {
                    throw Protocol(session, command, "the transport returned no data and no end of message", breakSession: true);
                }
            }

            int end = length;
            if (end > 0 && buffer[end - 1] == session.TerminationCharacter)
            {
                end--;
            }

            if (end > 0 && buffer[end - 1] == (byte)'\r')
            {
                end--;
            }

            if (end > maxLength)
            {
                throw Protocol(session, command, $"answer of {end} bytes is longer than the allowed {maxLength}", breakSession: false);
            }

            // Latin-1 maps every byte to one char, so nothing an instrument sends is lost or rejected.
            return Encoding.Latin1.GetString(buffer, 0, end);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The stream is out of step (or the answer unusable): break the session when we can and say why.</summary>
    internal static InstrumentIOException Protocol(IMessageSession session, string? command, string problem, bool breakSession, Exception? inner = null)
    {
        if (breakSession && session is ISessionBreaker breaker)
        {
            breaker.Break(problem);
        }

        return new InstrumentIOException(session.Resource.ToString(), command, problem, isTransient: false, inner);
    }

    private static byte[] EncodeLine(string command, out int length)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireAscii(command, nameof(command));
        bool terminated = command.EndsWith('\n');
        length = command.Length + (terminated ? 0 : 1);
        byte[] message = ArrayPool<byte>.Shared.Rent(length);
        Encoding.ASCII.GetBytes(command, message);
        message[length - 1] = (byte)'\n';
        return message;
    }

    private static void RequireAscii(string text, string parameter)
    {
        if (!Ascii.IsValid(text))
        {
            throw new ArgumentException($"'{text}' contains non-ASCII characters; SCPI program messages are 7-bit ASCII", parameter);
        }
    }
}
