using System.Buffers;
using System.Runtime.InteropServices;

namespace QDeviceLab.Visa;

/// <summary>
/// The bytes of an array of samples as <see cref="Memory{T}"/> of bytes, without copying: a block
/// upload whose samples are already in the wire's byte order is sent straight from the caller's
/// array (a 256 MiB waveform is then not copied into send buffers first).
/// </summary>
internal sealed class SampleBytes<T>(T[] samples) : MemoryManager<byte>
    where T : unmanaged
{
    private readonly Lock _gate = new();
    private GCHandle _pin;
    private int _pins;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(samples.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        lock (_gate)
        {
            if (_pins++ == 0)
            {
                _pin = GCHandle.Alloc(samples, GCHandleType.Pinned);
            }

            return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex, default, this);
        }
    }

    public override void Unpin()
    {
        lock (_gate)
        {
            if (--_pins == 0)
            {
                _pin.Free();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
    }
}
