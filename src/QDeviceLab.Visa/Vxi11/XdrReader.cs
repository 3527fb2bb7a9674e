using System.Buffers.Binary;
using System.Text;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// Decodes XDR (RFC 4506) items from one complete RPC record. Every length read off the wire is
/// checked against the bytes actually present and a caller's bound before it is used, so a
/// hostile length is an <see cref="RpcFormatException"/>, never a large allocation.
/// </summary>
public ref struct XdrReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public XdrReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    public uint UInt32()
    {
        if (Remaining < 4)
        {
            throw new RpcFormatException($"XDR item truncated: a 4-byte word expected at offset {_position}, {Remaining} bytes left");
        }

        uint value = BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    public int Int32() => unchecked((int)UInt32());

    public bool Bool() => UInt32() switch
    {
        0 => false,
        1 => true,
        uint other => throw new RpcFormatException($"XDR boolean must be 0 or 1, got {other}"),
    };

    /// <summary>Variable-length opaque data of at most <paramref name="maxLength"/> bytes, as a slice of the record.</summary>
    public ReadOnlySpan<byte> Opaque(int maxLength)
    {
        uint length = UInt32();
        if (length > (uint)maxLength)
        {
            throw new RpcFormatException($"XDR opaque of {length} bytes exceeds the {maxLength}-byte limit");
        }

        int padded = XdrWriter.Padded((int)length);
        if (Remaining < padded)
        {
            throw new RpcFormatException($"XDR opaque announces {length} bytes but only {Remaining} remain in the record");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += padded;
        return slice;
    }

    public string String(int maxLength) => Encoding.Latin1.GetString(Opaque(maxLength));
}
