using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// One entry of the AWG's waveform list: the length WLISt:WAVeform:NEW gave it and its float32
/// samples. Memory is committed only when the waveform is first written or played (a new
/// waveform reads as zeros), and a write that covers the whole waveform lands in uninitialised
/// memory checked chunk by chunk while it is still in cache: a 256 MiB upload then touches its
/// storage once instead of zeroing it at NEW, reading it to check and writing it again.
/// </summary>
internal sealed class AwgWaveformMemory(int length)
{
    // Samples copied and checked together, small enough to stay in the first-level caches.
    private const int ChunkSamples = 16 * 1024;

    private float[]? _samples;

    public int Length => length;

    /// <summary>The samples; a waveform never written reads as zeros.</summary>
    public float[] Samples => _samples ??= new float[length];

    /// <summary>
    /// Writes the little-endian float32 samples of <paramref name="block"/> from <paramref name="start"/>,
    /// all or nothing: a sample outside -1..1 (or NaN) is -222 and leaves the waveform as it was.
    /// </summary>
    public void Write(long start, ReadOnlySpan<byte> block)
    {
        int count = block.Length / sizeof(float);
        if (_samples is null && start == 0 && count == length && BitConverter.IsLittleEndian)
        {
            // Nothing to preserve on failure: fill fresh memory, checking each chunk just copied.
            var fresh = GC.AllocateUninitializedArray<float>(length);
            var source = MemoryMarshal.Cast<byte, float>(block);
            for (int at = 0; at < count; at += ChunkSamples)
            {
                int take = Math.Min(ChunkSamples, count - at);
                var chunk = fresh.AsSpan(at, take);
                source.Slice(at, take).CopyTo(chunk);
                ThrowIfOutOfRange(chunk, start + at);
            }

            _samples = fresh;
            return;
        }

        if (BitConverter.IsLittleEndian)
        {
            var samples = MemoryMarshal.Cast<byte, float>(block);
            ThrowIfOutOfRange(samples, start);
            samples.CopyTo(Samples.AsSpan((int)start, count));
            return;
        }

        var decoded = new float[count];
        for (int i = 0; i < count; i++)
        {
            decoded[i] = BinaryPrimitives.ReadSingleLittleEndian(block.Slice(4 * i, 4));
        }

        ThrowIfOutOfRange(decoded, start);
        decoded.CopyTo(Samples.AsSpan((int)start, count));
    }

    /// <summary>
    /// Takes <paramref name="samples"/> (received straight into storage for this write) from
    /// <paramref name="start"/>, all or nothing as <see cref="Write"/>: a whole-waveform write keeps
    /// the array itself and hands the one it replaces to <paramref name="release"/>; a partial one
    /// copies and releases <paramref name="samples"/>.
    /// </summary>
    /// <param name="firstOutOfRange">The first sample outside -1..1 when the caller checked them all already (-1: none), else null.</param>
    public void Adopt(long start, float[] samples, Action<float[]> release, int? firstOutOfRange = null)
    {
        int bad = firstOutOfRange ?? FirstOutOfRange(samples);
        if (bad >= 0)
        {
            release(samples);
            ThrowIfOutOfRange(samples.AsSpan(bad, 1), start + bad);
        }

        if (start == 0 && samples.Length == length)
        {
            var replaced = _samples;
            _samples = samples;
            if (replaced is not null)
            {
                release(replaced);
            }

            return;
        }

        samples.CopyTo(Samples.AsSpan((int)start, samples.Length));
        release(samples);
    }

    private static void ThrowIfOutOfRange(ReadOnlySpan<float> samples, long firstIndex)
    {
        int bad = FirstOutOfRange(samples);
        if (bad >= 0)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"sample {firstIndex + bad} is {samples[bad].ToString(CultureInfo.InvariantCulture)}, outside -1..1"));
        }
    }

    /// <summary>Index of the first sample outside -1..1 or NaN, else -1; vectorised, as it reads every byte of an upload.</summary>
    internal static int FirstOutOfRange(ReadOnlySpan<float> samples)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One;
            for (; i <= samples.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                // |NaN| <= 1 is false, so NaN stops here too.
                if (!Vector.LessThanOrEqualAll(Vector.Abs(new Vector<float>(samples[i..])), one))
                {
                    break;
                }
            }
        }

        for (; i < samples.Length; i++)
        {
            if (!(samples[i] >= -1f && samples[i] <= 1f))
            {
                return i;
            }
        }

        return -1;
    }
}
