using System.Runtime.InteropServices;

namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// Cuts a raw byte stream into '\n'-terminated program messages without being fooled by a
/// newline inside a quoted string or a binary block. Bounded: the text of one message and
/// every block are limited, and a block header announcing more than the limit is rejected
/// before anything of that size is allocated (the buffer only grows as bytes arrive).
/// </summary>
internal sealed class ProgramMessageFramer(long maxBlockBytes, int maxTextBytes, ILargeBlockStore? blockStore = null)
{
    private enum State { Text, Quoted, Hash, BlockHeader, BlockPayload, IndefiniteBlock }

    private const int SmallBuffer = 256;
    private const int RecycledMinimum = 1 << 20;

    /// <summary>Blocks from this size up are offered to the <see cref="ILargeBlockStore"/>.</summary>
    public const int DetachMinimum = 1 << 20;

    // The message being assembled. Not an ArrayBufferWriter: a block's size is known from its
    // header, so the buffer is sized once, uninitialised, and handed over without a copy when
    // it is exactly full. Growing by doubling and copying out again cost ~1 ns per byte in
    // zeroing, copying and page faults: a 256 MiB waveform upload ran at ~0.4 GB/s.
    private byte[] _buffer = new byte[SmallBuffer];
    private byte[]? _spare;
    private int _length;
    private readonly byte[] _header = new byte[11];
    private State _state = State.Text;
    private byte _quote;
    private int _headerLength;
    private long _blockRemaining;
    private long _textBytes;
    private bool _lastWasPayload;

    // A block received into the store's storage instead of _buffer: its samples, how many bytes
    // arrived, and where in the message it sits (the text before it is _buffer[.._detachedAt]).
    private float[]? _detached;
    private int _detachedFilled;

    // Samples of the detached block already checked by the store, and the first it refused (-1: none).
    private int _detachedChecked;
    private int _detachedFirstInvalid = -1;
    private int _detachedAt;
    private byte[]? _placeholder;

    /// <summary>
    /// Consumes <paramref name="data"/>, adding complete messages (without the final '\n') to
    /// <paramref name="messages"/>. Returns an error when the stream broke a limit or carries a
    /// block that can never be valid; the connection must then be closed.
    /// </summary>
    public ScpiError? Push(ReadOnlySpan<byte> data, List<byte[]> messages)
    {
        if (blockStore is not null)
        {
            throw new InvalidOperationException("a framer with a block store makes messages that are not arrays; push into a List<ReadOnlyMemory<byte>>");
        }

        var memories = new List<ReadOnlyMemory<byte>>();
        var error = Push(data, memories);
        foreach (var m in memories)
        {
            messages.Add(MemoryMarshal.TryGetArray(m, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : m.ToArray());
        }

        return error;
    }

    /// <summary>
    /// As <see cref="Push(ReadOnlySpan{byte}, List{byte[]})"/>; a message whose large block went to
    /// the <see cref="ILargeBlockStore"/> is a <see cref="DetachedBlockMessage"/>'s memory: give
    /// every message to <see cref="Recycle(ReadOnlyMemory{byte})"/> once it has been executed.
    /// </summary>
    public ScpiError? Push(ReadOnlySpan<byte> data, List<ReadOnlyMemory<byte>> messages)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (_state == State.BlockPayload)
            {
                int take = (int)Math.Min(_blockRemaining, data.Length - i);
                if (_detached is not null)
                {
                    data.Slice(i, take).CopyTo(MemoryMarshal.AsBytes(_detached.AsSpan())[_detachedFilled..]);
                    _detachedFilled += take;
                    CheckDetached();
                }
                else
                {
                    Append(data.Slice(i, take));
                }

                _lastWasPayload = true;
                _blockRemaining -= take;
                i += take;
                if (_blockRemaining == 0)
                {
                    _state = State.Text;
                }

                continue;
            }

            byte b = data[i++];
            switch (_state)
            {
                case State.Text:
                    if (b == (byte)'\n')
                    {
                        messages.Add(TakeMessage());
                        continue;
                    }

                    if (b == (byte)'"' || b == (byte)'\'')
                    {
                        _quote = b;
                        _state = State.Quoted;
                    }
                    else if (b == (byte)'#')
                    {
                        _state = State.Hash;
                    }

                    break;
                case State.Quoted:
                    if (b == _quote)
                    {
                        _state = State.Text;
                    }

                    break;
                case State.Hash:
                    if (b == (byte)'0')
                    {
                        _state = State.IndefiniteBlock;
                    }
                    else if (b >= (byte)'1' && b <= (byte)'9')
                    {
                        _header[0] = (byte)'#';
                        _header[1] = b;
                        _headerLength = 2;
                        _state = State.BlockHeader;
                    }
                    else if (b == (byte)'\n')
                    {
                        messages.Add(TakeMessage());
                        continue;
                    }
                    else
                    {
                        // '#H1F', '#B101': non-decimal numbers, plain text.
                        _state = State.Text;
                    }

                    break;
                case State.BlockHeader:
                    _header[_headerLength++] = b;
                    if (BlockHeaderCodec.IsMalformed(_header.AsSpan(0, _headerLength)))
                    {
                        return ScpiError.InvalidBlockData.With("block length digits expected");
                    }

                    if (BlockHeaderCodec.TryParseHeader(_header.AsSpan(0, _headerLength), out _, out long length, out _))
                    {
                        if (length > maxBlockBytes)
                        {
                            return ScpiError.TooMuchData.With($"block of {length} bytes exceeds the {maxBlockBytes} byte limit");
                        }

                        _blockRemaining = length;
                        _state = length == 0 ? State.Text : State.BlockPayload;
                        if (++_textBytes > maxTextBytes)
                        {
                            return ScpiError.TooMuchData.With($"program message text exceeds {maxTextBytes} bytes");
                        }

                        Append(b);
                        _lastWasPayload = false;
                        if (length >= DetachMinimum && _detached is null && blockStore?.StorageFor(_buffer.AsSpan(0, _length), length) is { } storage)
                        {
                            if ((long)storage.Length * sizeof(float) != length)
                            {
                                throw new InvalidOperationException($"the block store gave {storage.Length} samples for a {length}-byte block");
                            }

                            _detached = storage;
                            _detachedFilled = 0;
                            _detachedChecked = 0;
                            _detachedFirstInvalid = -1;
                            _detachedAt = _length;
                        }
                        else
                        {
                            // Room for the payload, exactly.
                            Reserve(length);
                        }

                        continue;
                    }

                    break;
                case State.IndefiniteBlock:
                    // Over a byte stream the newline that ends the message also ends the block.
                    if (b == (byte)'\n')
                    {
                        messages.Add(TakeMessage());
                        continue;
                    }

                    if (++_blockRemaining > maxBlockBytes)
                    {
                        return ScpiError.TooMuchData.With($"indefinite block exceeds the {maxBlockBytes} byte limit");
                    }

                    Append(b);
                    continue;
            }

            if (++_textBytes > maxTextBytes)
            {
                return ScpiError.TooMuchData.With($"program message text exceeds {maxTextBytes} bytes");
            }

            Append(b);
            _lastWasPayload = false;
        }

        return null;
    }

    /// <summary>Has the store check the detached block's samples that are complete since the last call.</summary>
    private void CheckDetached()
    {
        int complete = _detachedFilled / sizeof(float);
        if (_detachedFirstInvalid < 0 && complete > _detachedChecked)
        {
            int bad = blockStore!.FirstInvalid(_detached.AsSpan(_detachedChecked, complete - _detachedChecked));
            if (bad >= 0)
            {
                _detachedFirstInvalid = _detachedChecked + bad;
            }
        }

        _detachedChecked = complete;
    }

    /// <summary>
    /// While the payload of a definite block of at least <paramref name="atLeast"/> more bytes is
    /// arriving, the part of the message buffer it goes to, so the server can receive straight
    /// into it instead of through its own buffer and <see cref="Push"/>; empty otherwise.
    /// Report what was received with <see cref="PayloadReceived"/>.
    /// </summary>
    public Span<byte> PayloadDestination(int atLeast) =>
        _state != State.BlockPayload || _blockRemaining < atLeast ? []
            : _detached is not null ? MemoryMarshal.AsBytes(_detached.AsSpan()).Slice(_detachedFilled, (int)_blockRemaining)
            : _buffer.AsSpan(_length, (int)_blockRemaining);

    /// <summary>Counts <paramref name="count"/> payload bytes received into <see cref="PayloadDestination"/>.</summary>
    public void PayloadReceived(int count)
    {
        if (_state != State.BlockPayload || count < 0 || count > _blockRemaining)
        {
            throw new InvalidOperationException($"{count} payload bytes reported while {_blockRemaining} are expected in state {_state}");
        }

        if (_detached is not null)
        {
            _detachedFilled += count;
            CheckDetached();
        }
        else
        {
            _length += count;
        }

        _lastWasPayload = true;
        _blockRemaining -= count;
        if (_blockRemaining == 0)
        {
            _state = State.Text;
        }
    }

    /// <summary>
    /// Gives back a large message the instrument has finished with (no handler keeps a block's
    /// memory: they copy or parse it). The next block of exactly the same size is then received
    /// into it, memory already touched, instead of into fresh pages: repeated uploads of one
    /// waveform stop paying ~1 page fault per 4 KiB. One such buffer is kept per connection.
    /// </summary>
    public void Recycle(byte[] message)
    {
        if (message.Length >= RecycledMinimum && message != _buffer)
        {
            _spare = message;
        }
    }

    /// <summary>As <see cref="Recycle(byte[])"/>, and a detached block nobody adopted goes back to its store.</summary>
    public void Recycle(ReadOnlyMemory<byte> message)
    {
        if (MemoryMarshal.TryGetMemoryManager(message, out DetachedBlockMessage? detached))
        {
            detached.Release();
        }
        else if (MemoryMarshal.TryGetArray(message, out var whole) && whole.Offset == 0 && whole.Array is { } array && whole.Count == array.Length)
        {
            Recycle(array);
        }
    }

    private void Append(byte b)
    {
        if (_length == _buffer.Length)
        {
            Reserve(1);
        }

        _buffer[_length++] = b;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            Reserve(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Makes room for <paramref name="more"/> bytes: exactly, for a block whose length is announced.</summary>
    private void Reserve(long more)
    {
        long needed = _length + more;
        if (needed <= _buffer.Length)
        {
            return;
        }

        long size = more > SmallBuffer ? needed : Math.Max(needed, 2L * _buffer.Length);
        byte[] grown;
        if (_spare is { } spare && spare.Length == size)
        {
            grown = spare;
            _spare = null;
        }
        else
        {
            grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(size, Array.MaxLength));
        }

        _buffer.AsSpan(0, _length).CopyTo(grown);
        _buffer = grown;
    }

    private ReadOnlyMemory<byte> TakeMessage()
    {
        int length = _length;
        if (length > 0 && _buffer[length - 1] == (byte)'\r' && _state == State.Text && !_lastWasPayload)
        {
            length--;
        }

        if (_detached is { } samples)
        {
            _detached = null;
            var detached = DetachedBlockMessage.Create(ref _placeholder, _buffer.AsSpan(0, _detachedAt), samples, _buffer.AsSpan(_detachedAt, Math.Max(0, length - _detachedAt)), blockStore!, _detachedFirstInvalid);
            _length = 0;
            _state = State.Text;
            _textBytes = 0;
            _blockRemaining = 0;
            _lastWasPayload = false;
            return detached.Memory;
        }

        byte[] message;
        if (length == _buffer.Length)
        {
            // Exactly full (a sized block and nothing after it): hand the buffer over.
            message = _buffer;
            _buffer = new byte[SmallBuffer];
        }
        else
        {
            message = _buffer.AsSpan(0, length).ToArray();
            if (_buffer.Length > 1 << 20)
            {
                // Do not keep a large block's buffer alive for the rest of the connection.
                _buffer = new byte[SmallBuffer];
            }
        }

        _length = 0;
        _state = State.Text;
        _textBytes = 0;
        _blockRemaining = 0;
        _lastWasPayload = false;
        return message;
    }
}
