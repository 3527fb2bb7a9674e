using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Maps one sample of a coupled pair's five controls (V_I, V_Q of each drive and the flux volts) to the
/// index of its cached channel: open addressing on the values' bit patterns, as <see cref="DriveSlotTable"/>
/// does for one qubit. Callers pass +0.0 for zero.
/// </summary>
internal sealed class PairSlotTable
{
    private const int Keys = 5;
    private long[] _keys;
    private int[] _slots; // slot + 1; 0 marks an empty bucket
    private int _mask;

    public PairSlotTable(int initialCapacity = 1024)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity));
        _keys = new long[Keys * capacity];
        _slots = new int[capacity];
        _mask = capacity - 1;
    }

    public int Count { get; private set; }

    public int Find(ReadOnlySpan<double> controls)
    {
        Span<long> k = stackalloc long[Keys];
        Bits(controls, k);
        int b = Bucket(k);
        while (true)
        {
            int s = _slots[b];
            if (s == 0)
            {
                return -1;
            }

            if (k.SequenceEqual(_keys.AsSpan(Keys * b, Keys)))
            {
                return s - 1;
            }

            b = (b + 1) & _mask;
        }
    }

    public void Add(ReadOnlySpan<double> controls, int slot)
    {
        if (2 * (Count + 1) > _slots.Length)
        {
            Grow();
        }

        Span<long> k = stackalloc long[Keys];
        Bits(controls, k);
        Insert(k, slot + 1);
        Count++;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        Count = 0;
    }

    private static void Bits(ReadOnlySpan<double> controls, Span<long> k)
    {
        for (int i = 0; i < Keys; i++)
        {
            k[i] = BitConverter.DoubleToInt64Bits(controls[i]);
        }
    }

    private void Insert(ReadOnlySpan<long> k, int slotPlusOne)
    {
        int b = Bucket(k);
        while (_slots[b] != 0)
        {
            b = (b + 1) & _mask;
        }

        k.CopyTo(_keys.AsSpan(Keys * b, Keys));
        _slots[b] = slotPlusOne;
    }

    private void Grow()
    {
        var (keys, slots) = (_keys, _slots);
        int capacity = slots.Length * 2;
        _keys = new long[Keys * capacity];
        _slots = new int[capacity];
        _mask = capacity - 1;
        for (int b = 0; b < slots.Length; b++)
        {
            if (slots[b] != 0)
            {
                Insert(keys.AsSpan(Keys * b, Keys), slots[b]);
            }
        }
    }

    private int Bucket(ReadOnlySpan<long> k)
    {
        ulong h = 0;
        for (int i = 0; i < Keys; i++)
        {
            h = (h ^ (ulong)k[i]) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 29;
        }

        return (int)(h >> 40) & _mask;
    }
}
