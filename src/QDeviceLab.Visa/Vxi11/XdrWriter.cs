using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// Encodes XDR (RFC 4506) items into a growable buffer: big-endian 32-bit words, variable-length
/// opaque data and strings padded to a multiple of four. Public because the emulator's VXI-11
/// server shares this wire codec with the client.
/// </summary>
public sealed class XdrWriter
{
    private const int RecordMarkBytes = 4;

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly int _offset;

    public XdrWriter(int initialCapacity = 256)
        : this(initialCapacity, recordMark: false)
    {
    }

    private XdrWriter(int initialCapacity, bool recordMark)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(initialCapacity, 16));
        _offset = recordMark ? RecordMarkBytes : 0;
        Clear();
    }

    /// <summary>Everything written so far.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory[_offset..];

    public int Length => _buffer.WrittenCount - _offset;

    /// <summary>
    /// A writer that keeps room for the record mark in front of what is written, so that a whole
    /// RPC record goes out in one send without being copied (<see cref="RecordFrame"/>).
    /// </summary>
    public static XdrWriter ForRecords(int initialCapacity = 1024) => new(initialCapacity, recordMark: true);

    public void Clear()
    {
        _buffer.Clear();
        if (_offset > 0)
        {
            _buffer.GetSpan(_offset)[.._offset].Clear();
            _buffer.Advance(_offset);
        }
    }

    /// <summary>What was written as one last-fragment record: the mark filled in, then the bytes (<see cref="ForRecords"/> writers only).</summary>
    public ReadOnlyMemory<byte> RecordFrame()
    {
        if (_offset == 0)
        {
            throw new InvalidOperationException("this XdrWriter keeps no room for a record mark; create it with ForRecords");
        }

        var frame = _buffer.WrittenMemory;
        BinaryPrimitives.WriteUInt32BigEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(frame).Span, RpcRecordMarking.LastFragmentBit | (uint)Length);
        return frame;
    }

    public XdrWriter UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public XdrWriter Int32(int value) => UInt32(unchecked((uint)value));

    public XdrWriter Bool(bool value) => UInt32(value ? 1u : 0u);

    /// <summary>Variable-length opaque: length word, the bytes, zero padding to a four-byte boundary.</summary>
    public XdrWriter Opaque(ReadOnlySpan<byte> data)
    {
        UInt32((uint)data.Length);
        int padded = Padded(data.Length);
        var span = _buffer.GetSpan(padded);
        data.CopyTo(span);
        span[data.Length..padded].Clear();
        _buffer.Advance(padded);
        return this;
    }

    /// <summary>An XDR string; VXI-11 device names and RPC strings are ASCII.</summary>
    public XdrWriter String(string text) => Opaque(Encoding.ASCII.GetBytes(text));

    internal static int Padded(int length) => (length + 3) & ~3;
}
