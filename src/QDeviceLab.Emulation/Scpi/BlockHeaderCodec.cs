using QDeviceLab.Visa;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// The server side's view of IEEE 488.2 block headers (<c>#&lt;n&gt;&lt;len&gt;</c>, and <c>#0</c>
/// indefinite), parsed by the shared <see cref="Ieee4882Block"/> codec. Only the error semantics
/// differ: the client throws <see cref="BlockFormatException"/> so a session can break, while an
/// instrument answers a bad header with a SCPI error (-161) and carries on, so here a malformed
/// header is simply "not a header" and <see cref="IsMalformed"/> tells it from an incomplete one.
/// </summary>
internal static class BlockHeaderCodec
{
    /// <summary>
    /// Parses a header at the start of <paramref name="data"/>. Returns false when the header is
    /// incomplete or malformed; <see cref="IsMalformed"/> tells the two apart. An indefinite block
    /// has <paramref name="payloadLength"/> 0.
    /// </summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> data, out int headerLength, out long payloadLength, out bool indefinite)
    {
        try
        {
            if (Ieee4882Block.TryParseHeader(data, out headerLength, out payloadLength, out indefinite))
            {
                payloadLength = Math.Max(payloadLength, 0);
                return true;
            }
        }
        catch (BlockFormatException)
        {
        }

        headerLength = 0;
        payloadLength = 0;
        indefinite = false;
        return false;
    }

    /// <summary>True when the bytes seen so far can never become a valid header.</summary>
    public static bool IsMalformed(ReadOnlySpan<byte> data)
    {
        try
        {
            Ieee4882Block.TryParseHeader(data, out _, out _, out _);
            return false;
        }
        catch (BlockFormatException)
        {
            return true;
        }
    }
}
