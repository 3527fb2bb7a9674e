using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace QDeviceLab.Visa;

/// <summary>
/// IEEE 488.2 arbitrary block codec (section 7.7.6 / 8.7.9), shared by the client helpers and the
/// emulator's servers: <c>#&lt;n&gt;&lt;len&gt;&lt;bytes&gt;</c> with n = 1-9 length digits (definite), or
/// <c>#0&lt;bytes&gt;</c> ended by a newline with END (indefinite). Plus sample conversion in either byte order.
/// </summary>
public static class Ieee4882Block
{
    /// <summary>Longest definite header: '#', one digit count, nine length digits.</summary>
    public const int MaxHeaderLength = 11;

    /// <summary>Largest payload a definite header can announce (nine digits).</summary>
    public const long MaxDefinitePayloadLength = 999_999_999;

    /// <summary>
    /// Parses a block header at the start of <paramref name="data"/>. Returns false when more bytes are
    /// needed to decide. For an indefinite block (<c>#0</c>) <paramref name="payloadLength"/> is -1.
    /// Throws <see cref="BlockFormatException"/> on a malformed header, and when a definite header
    /// announces more than <paramref name="maxPayloadLength"/> bytes, so a reader can refuse before allocating.
    /// </summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> data, out int headerLength, out long payloadLength, out bool indefinite, long maxPayloadLength = MaxDefinitePayloadLength)
    {
        headerLength = 0;
        payloadLength = 0;
        indefinite = false;
        if (data.IsEmpty)
        {
            return false;
        }

        if (data[0] != (byte)'#')
        {
            throw new BlockFormatException($"expected an IEEE 488.2 block starting with '#', got {Describe(data)}");
        }

        if (data.Length < 2)
        {
            return false;
        }

        byte countDigit = data[1];
        if (countDigit is < (byte)'0' or > (byte)'9')
        {
            throw new BlockFormatException($"expected a digit 0-9 (number of length digits) after '#', got {Describe(data[1..])}");
        }

        int digits = countDigit - '0';
        if (digits == 0)
        {
            headerLength = 2;
            payloadLength = -1;
            indefinite = true;
            return true;
        }

        if (data.Length < 2 + digits)
        {
            // Check the digits we already have so a garbage header fails early.
            EnsureDigits(data[2..], digits);
            return false;
        }

        EnsureDigits(data.Slice(2, digits), digits);
        long length = 0;
        foreach (byte b in data.Slice(2, digits))
        {
            length = (length * 10) + (b - '0');
        }

        if (length > maxPayloadLength)
        {
            throw new BlockFormatException($"block header announces {length} bytes, more than the allowed maximum of {maxPayloadLength}");
        }

        headerLength = 2 + digits;
        payloadLength = length;
        return true;
    }

    /// <summary>Number of bytes <see cref="FormatHeader"/> writes for <paramref name="payloadLength"/>.</summary>
    public static int HeaderLength(long payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxDefinitePayloadLength);
        int digits = 1;
        for (long v = payloadLength; v >= 10; v /= 10)
        {
            digits++;
        }

        return 2 + digits;
    }

    /// <summary>Writes the definite header <c>#&lt;n&gt;&lt;len&gt;</c> and returns its length.</summary>
    public static int FormatHeader(long payloadLength, Span<byte> destination)
    {
        int headerLength = HeaderLength(payloadLength);
        if (destination.Length < headerLength)
        {
            throw new ArgumentException($"destination has {destination.Length} bytes, the header needs {headerLength}", nameof(destination));
        }

        destination[0] = (byte)'#';
        destination[1] = (byte)('0' + headerLength - 2);
        long v = payloadLength;
        for (int i = headerLength - 1; i >= 2; i--)
        {
            destination[i] = (byte)('0' + (v % 10));
            v /= 10;
        }

        return headerLength;
    }

    /// <summary>Size in bytes of one sample of <typeparamref name="T"/>; throws for types without a block encoding.</summary>
    public static int SampleSize<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte)
            || typeof(T) == typeof(short) || typeof(T) == typeof(ushort)
            || typeof(T) == typeof(int) || typeof(T) == typeof(uint)
            || typeof(T) == typeof(long) || typeof(T) == typeof(ulong)
            || typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            return Marshal.SizeOf<T>();
        }

        throw new NotSupportedException($"{typeof(T).Name} samples have no IEEE 488.2 block encoding; use byte, sbyte, short, ushort, int, uint, long, ulong, float or double");
    }

    /// <summary>Decodes <paramref name="source"/> (exactly <c>destination.Length</c> samples) in <paramref name="order"/>.</summary>
    public static void DecodeSamples<T>(ReadOnlySpan<byte> source, Span<T> destination, ByteOrder order) where T : unmanaged
    {
        int size = SampleSize<T>();
        if (source.Length != destination.Length * size)
        {
            throw new ArgumentException($"{source.Length} bytes do not make {destination.Length} samples of {size} bytes", nameof(source));
        }

        source.CopyTo(MemoryMarshal.AsBytes(destination));
        SwapIfNeeded(MemoryMarshal.AsBytes(destination), size, order);
    }

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/> (exactly its byte size) in <paramref name="order"/>.</summary>
    public static void EncodeSamples<T>(ReadOnlySpan<T> source, Span<byte> destination, ByteOrder order) where T : unmanaged
    {
        int size = SampleSize<T>();
        if (destination.Length != source.Length * size)
        {
            throw new ArgumentException($"{source.Length} samples of {size} bytes do not fill {destination.Length} bytes", nameof(destination));
        }

        MemoryMarshal.AsBytes(source).CopyTo(destination);
        SwapIfNeeded(destination, size, order);
    }

    private static void SwapIfNeeded(Span<byte> bytes, int size, ByteOrder order)
    {
        if ((order == ByteOrder.LittleEndian) == BitConverter.IsLittleEndian || size == 1)
        {
            return;
        }

        switch (size)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            default:
                var u64 = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }

    private static void EnsureDigits(ReadOnlySpan<byte> lengthDigits, int announced)
    {
        int bad = lengthDigits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (bad >= 0)
        {
            throw new BlockFormatException($"block header announces {announced} length digits but length digit {bad + 1} is {Describe(lengthDigits[bad..])}");
        }
    }

    private static string Describe(ReadOnlySpan<byte> data)
    {
        byte b = data[0];
        return b is >= 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";
    }
}
