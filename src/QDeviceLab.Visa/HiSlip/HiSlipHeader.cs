using System.Buffers.Binary;

namespace QDeviceLab.Visa.HiSlip;

/// <summary>
/// The 16-byte header of every HiSLIP message (IVI-6.1 section 2.3), network byte order:
/// prologue "HS", message type, control code, 32-bit message parameter, 64-bit payload length.
/// Parsing checks the prologue only; each side bounds <see cref="PayloadLength"/> for the message
/// type before reading or allocating anything of that size.
/// </summary>
public readonly record struct HiSlipHeader(HiSlipMessageType Type, byte ControlCode, uint Parameter, ulong PayloadLength)
{
    /// <summary>Reads a header; a prologue other than "HS" means the stream is out of step.</summary>
    public static HiSlipHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HiSlipProtocol.HeaderSize)
        {
            throw new HiSlipFormatException($"a HiSLIP header is {HiSlipProtocol.HeaderSize} bytes, got {bytes.Length}");
        }

        if (bytes[0] != (byte)'H' || bytes[1] != (byte)'S')
        {
            throw new HiSlipFormatException($"message header does not start with \"HS\" (got 0x{bytes[0]:X2} 0x{bytes[1]:X2}): the stream is out of step");
        }

        return new HiSlipHeader(
            (HiSlipMessageType)bytes[2],
            bytes[3],
            BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Writes the header into the first 16 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)'H';
        destination[1] = (byte)'S';
        destination[2] = (byte)Type;
        destination[3] = ControlCode;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Parameter);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], PayloadLength);
    }

    /// <summary>A whole message (header and payload) in one array, ready for a single send.</summary>
    public static byte[] Frame(HiSlipMessageType type, byte controlCode, uint parameter, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[HiSlipProtocol.HeaderSize + payload.Length];
        new HiSlipHeader(type, controlCode, parameter, (ulong)payload.Length).Write(frame);
        payload.CopyTo(frame.AsSpan(HiSlipProtocol.HeaderSize));
        return frame;
    }
}

/// <summary>Bytes that should be a HiSLIP message are not one (bad prologue, impossible length, truncated payload).</summary>
public sealed class HiSlipFormatException : FormatException
{
    public HiSlipFormatException(string message) : base(message) { }
}
