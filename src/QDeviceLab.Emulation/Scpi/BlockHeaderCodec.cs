using System.Globalization;
using System.Text;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// IEEE 488.2 arbitrary block headers (<c>#&lt;n&gt;&lt;len&gt;</c>, and <c>#0</c> indefinite).
/// Same signatures as <c>QDeviceLab.Visa.Ieee4882Block</c> so the server side can switch to
/// the shared codec by changing the call sites in <see cref="ProgramMessageFramer"/>,
/// <see cref="ProgramMessageParser"/> and <see cref="ScpiResponse"/>.
/// </summary>
internal static class BlockHeaderCodec
{
    /// <summary>
    /// Parses a header at the start of <paramref name="data"/>. Returns false when the header is
    /// incomplete or malformed; <see cref="IsMalformed"/> tells the two apart.
    /// </summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> data, out int headerLength, out long payloadLength, out bool indefinite)
    {
        headerLength = 0;
        payloadLength = 0;
        indefinite = false;
        if (data.Length < 2 || data[0] != (byte)'#' || data[1] < (byte)'0' || data[1] > (byte)'9')
        {
            return false;
        }

        int digits = data[1] - '0';
        if (digits == 0)
        {
            headerLength = 2;
            indefinite = true;
            return true;
        }

        if (data.Length < 2 + digits)
        {
            return false;
        }

        long length = 0;
        for (int i = 0; i < digits; i++)
        {
            byte b = data[2 + i];
            if (b < (byte)'0' || b > (byte)'9')
            {
                return false;
            }

            length = length * 10 + (b - '0');
        }

        headerLength = 2 + digits;
        payloadLength = length;
        return true;
    }

    /// <summary>True when the bytes seen so far can never become a valid header.</summary>
    public static bool IsMalformed(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 1 && data[0] != (byte)'#')
        {
            return true;
        }

        if (data.Length >= 2 && (data[1] < (byte)'0' || data[1] > (byte)'9'))
        {
            return true;
        }

        if (data.Length >= 3)
        {
            int digits = data[1] - '0';
            for (int i = 2; i < Math.Min(data.Length, 2 + digits); i++)
            {
                if (data[i] < (byte)'0' || data[i] > (byte)'9')
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Writes <c>#&lt;n&gt;&lt;len&gt;</c> and returns the number of bytes written.</summary>
    public static int FormatHeader(long payloadLength, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        string len = payloadLength.ToString(CultureInfo.InvariantCulture);
        if (len.Length > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), "A definite block length has at most 9 digits.");
        }

        string header = payloadLength == 0 ? "#10" : $"#{len.Length}{len}";
        return Encoding.ASCII.GetBytes(header, destination);
    }
}
