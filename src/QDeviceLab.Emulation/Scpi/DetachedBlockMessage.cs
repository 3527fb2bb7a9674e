using System.Buffers;
using System.Runtime.InteropServices;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// A program message whose large block was received into an instrument's own storage
/// (<see cref="ILargeBlockStore"/>) instead of the message buffer. The parser still sees one
/// contiguous message: the text before and after the block is real, and the block's place is a
/// placeholder that nobody reads or writes (the parser only measures it), so its pages cost
/// address space but no memory or copying. The one command the store accepted the block for
/// takes the samples with <see cref="TryTakeSamples"/>; any other reader of the block would see
/// meaningless bytes, which is why a store only accepts blocks for a command it recognises in
/// the text before them.
/// </summary>
internal sealed class DetachedBlockMessage : MemoryManager<byte>
{
    private readonly byte[] _placeholder;
    private readonly int _length;
    private readonly int _blockOffset;
    private readonly ILargeBlockStore _store;
    private float[]? _samples;

    private DetachedBlockMessage(byte[] placeholder, int length, int blockOffset, float[] samples, ILargeBlockStore store)
    {
        _placeholder = placeholder;
        _length = length;
        _blockOffset = blockOffset;
        _samples = samples;
        _store = store;
    }

    /// <summary>Bytes of the block (the samples' size).</summary>
    public int BlockBytes { get; private init; }

    /// <summary>The first sample the store refused while the block arrived, or -1: every sample was checked then.</summary>
    public int FirstInvalid { get; private init; } = -1;

    /// <summary>
    /// The message <paramref name="before"/> + block + <paramref name="after"/>, laid out in
    /// <paramref name="placeholder"/> (reused by the framer; grown here when too small).
    /// </summary>
    /// <param name="firstInvalid">The first sample the store refused as the block arrived (<see cref="ILargeBlockStore.FirstInvalid"/>), or -1.</param>
    public static DetachedBlockMessage Create(ref byte[]? placeholder, ReadOnlySpan<byte> before, float[] samples, ReadOnlySpan<byte> after, ILargeBlockStore store, int firstInvalid)
    {
        int blockBytes = samples.Length * sizeof(float);
        int length = checked(before.Length + blockBytes + after.Length);
        if (placeholder is null || placeholder.Length < length)
        {
            placeholder = GC.AllocateUninitializedArray<byte>(length);
        }

        before.CopyTo(placeholder);
        after.CopyTo(placeholder.AsSpan(before.Length + blockBytes));
        return new DetachedBlockMessage(placeholder, length, before.Length, samples, store) { BlockBytes = blockBytes, FirstInvalid = firstInvalid };
    }

    /// <summary>
    /// The samples of <paramref name="block"/> when it is exactly the detached block of such a
    /// message and nobody took them yet; the caller owns them afterwards.
    /// </summary>
    /// <param name="firstInvalid">The first sample the store refused as the block arrived, or -1 (all checked, none refused).</param>
    public static bool TryTakeSamples(ReadOnlyMemory<byte> block, out float[] samples, out int firstInvalid)
    {
        if (MemoryMarshal.TryGetMemoryManager(block, out DetachedBlockMessage? message, out int start, out int length)
            && start == message._blockOffset && length == message.BlockBytes && message._samples is { } taken)
        {
            message._samples = null;
            samples = taken;
            firstInvalid = message.FirstInvalid;
            return true;
        }

        samples = [];
        firstInvalid = -1;
        return false;
    }

    /// <summary>The message has been executed: samples nobody took go back to the store.</summary>
    public void Release()
    {
        if (_samples is { } unused)
        {
            _samples = null;
            _store.GiveBack(unused);
        }
    }

    public override Span<byte> GetSpan() => _placeholder.AsSpan(0, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("a detached block message cannot be pinned");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing) => Release();
}
