namespace QDeviceLab.Visa;

/// <summary>
/// A message-based session to one instrument (VISA "INSTR"/"SOCKET" resource), whatever the
/// transport underneath. Every operation honours <see cref="Timeout"/> and a caller token;
/// a timeout, a torn read or a dropped link marks the session broken and it is never reused.
/// Higher-level helpers (lines, queries, IEEE 488.2 blocks) are extension methods in
/// <see cref="MessageSessionExtensions"/>.
/// </summary>
public interface IMessageSession : IAsyncDisposable
{
    /// <summary>The parsed resource this session talks to.</summary>
    ResourceName Resource { get; }

    /// <summary>Per-operation I/O timeout (default 2 s).</summary>
    TimeSpan Timeout { get; set; }

    /// <summary>Character that ends a message when reading text answers (default '\n').</summary>
    byte TerminationCharacter { get; set; }

    /// <summary>True once a timeout, cancellation mid-transfer or link failure left the stream in an unknown state.</summary>
    bool IsBroken { get; }

    /// <summary>
    /// Held for one whole write-then-read exchange so that concurrent callers are serialized and
    /// never read each other's answers. The extension methods take it; raw callers should too.
    /// </summary>
    SemaphoreSlim ExchangeLock { get; }

    /// <summary>
    /// Writes bytes. <paramref name="endOfMessage"/> marks the last chunk of a program message
    /// (VXI-11 END flag, HiSLIP DataEnd); stream transports send the bytes as they are, so the
    /// caller includes the newline terminator itself.
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endOfMessage, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads at most <c>buffer.Length</c> bytes of the current response message. When
    /// <paramref name="stopAtTermination"/> is true the read ends after the termination
    /// character (included in the count). <see cref="ReadChunk.EndOfMessage"/> is true when the
    /// termination character or a transport END ended the message.
    /// </summary>
    ValueTask<ReadChunk> ReadAsync(Memory<byte> buffer, bool stopAtTermination, CancellationToken cancellationToken = default);

    /// <summary>IEEE 488.1 device clear (or its transport's equivalent); discards pending input.</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the IEEE 488.2 status byte (serial poll, or <c>*STB?</c> where the transport has none).</summary>
    ValueTask<byte> ReadStatusByteAsync(CancellationToken cancellationToken = default);
}

/// <summary>Result of one <see cref="IMessageSession.ReadAsync"/>.</summary>
public readonly record struct ReadChunk(int Count, bool EndOfMessage);
