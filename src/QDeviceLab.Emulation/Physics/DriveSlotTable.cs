using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Maps a drive value (V_I, V_Q) to the index of its cached one-sample channel: an open-addressing
/// hash table on the values' bit patterns. It runs once per played sample on the emulator's hot
/// path, where a general dictionary of value tuples cost more than applying the channel itself.
/// </summary>
internal sealed class DriveSlotTable
{
    private long[] _keysI;
    private long[] _keysQ;
    private int[] _slots; // slot + 1; 0 marks an empty bucket
    private int _mask;

    public DriveSlotTable(int initialCapacity = 1024)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity));
        _keysI = new long[capacity];
        _keysQ = new long[capacity];
        _slots = new int[capacity];
        _mask = capacity - 1;
    }

    public int Count { get; private set; }

    /// <summary>The slot of (i, q), or -1. Callers pass +0.0 for zero (the bit patterns of 0.0 and -0.0 differ).</summary>
    public int Find(double i, double q)
    {
        long bi = BitConverter.DoubleToInt64Bits(i);
        long bq = BitConverter.DoubleToInt64Bits(q);
        int b = Bucket(bi, bq);
        while (true)
        {
            int s = _slots[b];
            if (s == 0)
            {
                return -1;
            }

            if (_keysI[b] == bi && _keysQ[b] == bq)
            {
                return s - 1;
            }

            b = (b + 1) & _mask;
        }
    }

    /// <summary>Adds (i, q) -> <paramref name="slot"/>; the key must not be present.</summary>
    public void Add(double i, double q, int slot)
    {
        if (2 * (Count + 1) > _slots.Length)
        {
            Grow();
        }

        Insert(BitConverter.DoubleToInt64Bits(i), BitConverter.DoubleToInt64Bits(q), slot + 1);
        Count++;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        Count = 0;
    }

    private void Insert(long bi, long bq, int slotPlusOne)
    {
        int b = Bucket(bi, bq);
        while (_slots[b] != 0)
        {
            b = (b + 1) & _mask;
        }

        _keysI[b] = bi;
        _keysQ[b] = bq;
        _slots[b] = slotPlusOne;
    }

    private void Grow()
    {
        var (keysI, keysQ, slots) = (_keysI, _keysQ, _slots);
        int capacity = slots.Length * 2;
        _keysI = new long[capacity];
        _keysQ = new long[capacity];
        _slots = new int[capacity];
        _mask = capacity - 1;
        for (int b = 0; b < slots.Length; b++)
        {
            if (slots[b] != 0)
            {
                Insert(keysI[b], keysQ[b], slots[b]);
            }
        }
    }

    private int Bucket(long bi, long bq)
    {
        // Fibonacci hashing of a mix of both patterns; float samples scaled to double keep
        // their information in the high mantissa bits, which the multiply spreads.
        ulong h = ((ulong)bi * 0x9E3779B97F4A7C15UL) ^ ((ulong)bq * 0xC2B2AE3D27D4EB4FUL);
        return (int)(h >> 40) & _mask;
    }
}
