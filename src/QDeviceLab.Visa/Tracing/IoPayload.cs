using System.Globalization;
using System.Text;

namespace QDeviceLab.Visa.Tracing;

/// <summary>
/// The bytes of one direction of an exchange, kept only as far as a summary needs (bounded memory
/// whatever the transfer size): short printable text as it is, anything else as its printable start
/// followed by <c>#&lt;n bytes&gt;</c> and the first bytes in hex.
/// </summary>
internal sealed class IoPayload
{
    /// <summary>Printable answers up to this length are traced whole.</summary>
    public const int MaxTextLength = 256;

    private const int HexBytes = 16;
    private const int Capacity = MaxTextLength + HexBytes + 2;

    private readonly byte[] _head = new byte[Capacity];
    private int _kept;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        int take = Math.Min(data.Length, Capacity - _kept);
        data[..take].CopyTo(_head.AsSpan(_kept));
        _kept += take;
        Length += data.Length;
    }

    public override string ToString() => Summarize(_head.AsSpan(0, _kept), Length);

    /// <summary>Summary of a payload of <paramref name="length"/> bytes whose first bytes are <paramref name="head"/>.</summary>
    public static string Summarize(ReadOnlySpan<byte> head, long length)
    {
        // The message terminator is framing, not content.
        if (length == head.Length && head.EndsWith("\n"u8))
        {
            int cut = head.EndsWith("\r\n"u8) ? 2 : 1;
            head = head[..^cut];
            length -= cut;
        }

        int printable = head.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        int blockStart = BlockStart(head);
        int textEnd = Math.Min(printable < 0 ? head.Length : printable, blockStart < 0 ? head.Length : blockStart);
        if (textEnd == length && length <= MaxTextLength)
        {
            return Encoding.ASCII.GetString(head);
        }

        bool binary = textEnd < head.Length && (printable == textEnd || blockStart == textEnd);
        if (!binary)
        {
            // Long plain text: its start and how much more there was.
            int shown = Math.Min(textEnd, MaxTextLength);
            return string.Create(CultureInfo.InvariantCulture, $"{Encoding.ASCII.GetString(head[..shown])}...(+{length - shown} bytes)");
        }

        var prefix = Encoding.ASCII.GetString(head[..Math.Min(textEnd, 80)]);
        var rest = head[textEnd..];
        string hex = Convert.ToHexString(rest[..Math.Min(rest.Length, HexBytes)]).ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}#<{length - textEnd} bytes> {hex}");
    }

    /// <summary>Where an IEEE 488.2 block (<c>#</c> and a digit) starts, or -1.</summary>
    private static int BlockStart(ReadOnlySpan<byte> head)
    {
        for (int i = head.IndexOf((byte)'#'); i >= 0 && i + 1 < head.Length; i = head[(i + 1)..].IndexOf((byte)'#') is int next and >= 0 ? i + 1 + next : -1)
        {
            if (head[i + 1] is >= (byte)'0' and <= (byte)'9')
            {
                return i;
            }
        }

        return -1;
    }
}
