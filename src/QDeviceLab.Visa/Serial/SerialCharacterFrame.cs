namespace QDeviceLab.Visa.Serial;

/// <summary>
/// One character as it travels on an asynchronous serial line: a start bit (space, 0), the data bits
/// least significant first, the parity bit if any, then the stop bits (mark, 1). Pure functions, so
/// 7O1 framing (Lake Shore bridges) is checked without a UART: pseudo-terminals carry bytes, not
/// frames, and ignore parity and character size.
/// </summary>
internal static class SerialCharacterFrame
{
    /// <summary>The line levels of <paramref name="character"/> (true = mark = 1), start bit first.</summary>
    public static bool[] Encode(byte character, SerialSettings settings)
    {
        Check(settings);
        int mask = (1 << settings.DataBits) - 1;
        if ((character & ~mask) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(character), character, $"0x{character:X2} does not fit in {settings.DataBits} data bits");
        }

        var bits = new List<bool>(12) { false };
        for (int i = 0; i < settings.DataBits; i++)
        {
            bits.Add(((character >> i) & 1) != 0);
        }

        if (settings.Parity != SerialParity.None)
        {
            bits.Add(ParityBit(character, settings.Parity));
        }

        bits.AddRange(Enumerable.Repeat(true, StopBitCount(settings)));
        return [.. bits];
    }

    /// <summary>
    /// The character carried by one frame of line levels. A wrong parity bit, a missing start or stop
    /// bit, or a frame of the wrong length is a <see cref="FormatException"/> naming what is wrong,
    /// as a UART reports a parity or framing error.
    /// </summary>
    public static byte Decode(ReadOnlySpan<bool> frame, SerialSettings settings)
    {
        Check(settings);
        int parityBits = settings.Parity == SerialParity.None ? 0 : 1;
        int length = 1 + settings.DataBits + parityBits + StopBitCount(settings);
        if (frame.Length != length)
        {
            throw new FormatException($"a {settings.DataBits}{Letter(settings.Parity)} frame has {length} bits, not {frame.Length}");
        }

        if (frame[0])
        {
            throw new FormatException("framing error: no start bit");
        }

        int character = 0;
        for (int i = 0; i < settings.DataBits; i++)
        {
            character |= (frame[1 + i] ? 1 : 0) << i;
        }

        if (parityBits == 1 && frame[1 + settings.DataBits] != ParityBit((byte)character, settings.Parity))
        {
            throw new FormatException($"parity error: 0x{character:X2} with {settings.Parity.ToString().ToLowerInvariant()} parity needs parity bit {(ParityBit((byte)character, settings.Parity) ? 1 : 0)}");
        }

        for (int i = 1 + settings.DataBits + parityBits; i < length; i++)
        {
            if (!frame[i])
            {
                throw new FormatException("framing error: stop bit is a space");
            }
        }

        return (byte)character;
    }

    /// <summary>The parity bit a character carries: odd parity makes the count of ones (data and parity) odd.</summary>
    public static bool ParityBit(byte character, SerialParity parity)
    {
        bool onesAreOdd = (System.Numerics.BitOperations.PopCount(character) & 1) == 1;
        return parity switch
        {
            SerialParity.Odd => !onesAreOdd,
            SerialParity.Even => onesAreOdd,
            SerialParity.Mark => true,
            SerialParity.Space => false,
            _ => throw new ArgumentException("no parity bit without parity", nameof(parity)),
        };
    }

    /// <summary>
    /// The byte whose 8N1 frame is bit for bit the 7-data-bit-with-parity frame of <paramref name="ascii"/>:
    /// the parity bit sits in bit 7. This is how a 7O1 instrument looks to a port left at 8N1.
    /// </summary>
    public static byte ToEightBitByte(byte ascii, SerialParity parity)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ascii, (byte)0x7F);
        return (byte)(ascii | (ParityBit(ascii, parity) ? 0x80 : 0));
    }

    /// <summary>Undoes <see cref="ToEightBitByte"/>; false when bit 7 is not the parity bit of the low seven.</summary>
    public static bool TryFromEightBitByte(byte received, SerialParity parity, out byte ascii)
    {
        ascii = (byte)(received & 0x7F);
        return ((received & 0x80) != 0) == ParityBit(ascii, parity);
    }

    private static int StopBitCount(SerialSettings settings) => settings.StopBits switch
    {
        SerialStopBits.Two => 2,
        SerialStopBits.One => 1,
        // Half a bit time has no place in a list of whole bits.
        _ => throw new ArgumentException("1.5 stop bits cannot be written as whole bits", nameof(settings)),
    };

    private static void Check(SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }
    }

    private static char Letter(SerialParity parity) => parity == SerialParity.None ? 'N' : parity.ToString()[0];
}
