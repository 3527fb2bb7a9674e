using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Large waveform uploads land in their final place: the framer asks the AWG, as the block header
/// of a <c>WLISt:WAVeform:DATA</c> arrives, for float32 storage to receive the block into, and the
/// command then adopts that storage as the waveform's samples. A 256 MiB upload is one copy from
/// the socket and is held once. The samples a repeated upload replaces are kept as the storage
/// for the next block of the same size, so uploading a waveform again touches no fresh memory
/// (as an instrument's waveform memory is reused). That is safe because the physics reads a
/// waveform's samples only under the device lock, while it plays, and keeps no reference to them;
/// a replaced array is written again only by a later upload, after the swap under that lock.
/// </summary>
internal sealed partial class Awg5208Emulator : ILargeBlockStore
{
    private readonly Lock _uploadGate = new();
    private float[]? _uploadSpare;

    public float[]? StorageFor(ReadOnlySpan<byte> textBeforeBlock, long blockBytes)
    {
        if (blockBytes % sizeof(float) != 0 || blockBytes > MaxBlockBytes || !IsWaveformDataHeader(textBeforeBlock))
        {
            return null;
        }

        int samples = (int)(blockBytes / sizeof(float));
        lock (_uploadGate)
        {
            if (_uploadSpare is { } spare && spare.Length == samples)
            {
                _uploadSpare = null;
                return spare;
            }
        }

        return GC.AllocateUninitializedArray<float>(samples);
    }

    public int FirstInvalid(ReadOnlySpan<float> samples) => AwgWaveformMemory.FirstOutOfRange(samples);

    public void GiveBack(float[] storage)
    {
        lock (_uploadGate)
        {
            _uploadSpare = storage;
        }
    }

    /// <summary>
    /// True when the message so far is one WLISt:WAVeform:DATA unit (any mix of short and long
    /// forms, any case, optional leading colon) whose block is starting: only then is the block
    /// sure to reach <see cref="WriteData"/>, the one reader of a detached block.
    /// </summary>
    internal static bool IsWaveformDataHeader(ReadOnlySpan<byte> text)
    {
        if (text.IndexOf((byte)';') >= 0)
        {
            return false;
        }

        text = text.TrimStart(" \t:"u8);
        int end = text.IndexOfAny(" \t"u8);
        if (end < 0)
        {
            return false;
        }

        var header = text[..end];
        int first = header.IndexOf((byte)':');
        if (first < 0)
        {
            return false;
        }

        var rest = header[(first + 1)..];
        int second = rest.IndexOf((byte)':');
        return second >= 0
            && IsNode(header[..first], "WLIS"u8, "WLIST"u8)
            && IsNode(rest[..second], "WAV"u8, "WAVEFORM"u8)
            && IsNode(rest[(second + 1)..], "DATA"u8, "DATA"u8);
    }

    private static bool IsNode(ReadOnlySpan<byte> node, ReadOnlySpan<byte> shortForm, ReadOnlySpan<byte> longForm) =>
        System.Text.Ascii.EqualsIgnoreCase(node, shortForm) || System.Text.Ascii.EqualsIgnoreCase(node, longForm);
}
