namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// An instrument that keeps large binary blocks as float32 samples in storage of its own (the
/// AWG's waveform memory) and would rather have the framer receive such a block straight into
/// that storage than into the message buffer and copy it over: a 256 MiB upload is then one copy
/// from the socket into its final place, and memory holds it once.
/// </summary>
internal interface ILargeBlockStore
{
    /// <summary>
    /// Where a definite block of <paramref name="blockBytes"/> bytes that follows
    /// <paramref name="textBeforeBlock"/> (the message so far, block header included) should be
    /// received, or null to keep it in the message. Storage handed out is the store's again only
    /// through <see cref="GiveBack"/> or when the command adopts it (<see cref="DetachedBlockMessage.TryTakeSamples"/>).
    /// </summary>
    float[]? StorageFor(ReadOnlySpan<byte> textBeforeBlock, long blockBytes);

    /// <summary>Storage of a message whose command did not adopt it, free for a later block.</summary>
    void GiveBack(float[] storage);

    /// <summary>
    /// Index of the first of <paramref name="samples"/> the store would refuse (the AWG: outside
    /// -1..1 or NaN), or -1. The framer calls it on each part of a detached block as it arrives,
    /// while those bytes are still in cache, so the command need not read 256 MiB again.
    /// </summary>
    int FirstInvalid(ReadOnlySpan<float> samples);
}
