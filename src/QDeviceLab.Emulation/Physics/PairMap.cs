using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// A two-qubit channel as its 16x16 real Pauli-transfer matrix (<see cref="PairGenerator"/>), stored
/// column by column (256 doubles) so that applying it is 16 broadcasts times 4 four-wide vectors:
/// the hot path of the pair, once per played sample.
/// </summary>
internal static class PairMap
{
    public const int Dimension = PairGenerator.Dimension;
    public const int Length = Dimension * Dimension;

    /// <summary>Stores the row-major <paramref name="rowMajor"/> column by column into <paramref name="map"/>.</summary>
    public static void FromRowMajor(ReadOnlySpan<double> rowMajor, Span<double> map)
    {
        for (int k = 0; k < Dimension; k++)
        {
            for (int l = 0; l < Dimension; l++)
            {
                map[l * Dimension + k] = rowMajor[k * Dimension + l];
            }
        }
    }

    /// <summary>r = map(r) for the 16 Pauli expectations r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(ReadOnlySpan<double> map, Span<double> r)
    {
        ref double m = ref MemoryMarshal.GetReference(map);
        ref double v = ref MemoryMarshal.GetReference(r);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var a2 = Vector256<double>.Zero;
        var a3 = Vector256<double>.Zero;
        for (int l = 0; l < Dimension; l++)
        {
            var s = Vector256.Create(Unsafe.Add(ref v, l));
            nuint column = (nuint)(l * Dimension);
            a0 += Vector256.LoadUnsafe(ref m, column) * s;
            a1 += Vector256.LoadUnsafe(ref m, column + 4) * s;
            a2 += Vector256.LoadUnsafe(ref m, column + 8) * s;
            a3 += Vector256.LoadUnsafe(ref m, column + 12) * s;
        }

        a0.StoreUnsafe(ref v, 0);
        a1.StoreUnsafe(ref v, 4);
        a2.StoreUnsafe(ref v, 8);
        a3.StoreUnsafe(ref v, 12);
    }

    /// <summary>r = map(r) for a channel restricted to an invariant sector of 8 Pauli expectations (64 doubles, column by column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplySector(ReadOnlySpan<double> map, Span<double> r)
    {
        ref double m = ref MemoryMarshal.GetReference(map);
        ref double v = ref MemoryMarshal.GetReference(r);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        for (int l = 0; l < SectorDimension; l++)
        {
            var s = Vector256.Create(Unsafe.Add(ref v, l));
            nuint column = (nuint)(l * SectorDimension);
            a0 += Vector256.LoadUnsafe(ref m, column) * s;
            a1 += Vector256.LoadUnsafe(ref m, column + 4) * s;
        }

        a0.StoreUnsafe(ref v, 0);
        a1.StoreUnsafe(ref v, 4);
    }

    public const int SectorDimension = 8;

    /// <summary>r = map(r) for a d x d map stored column by column (d = 16 or <see cref="SectorDimension"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(ReadOnlySpan<double> map, Span<double> r, int d)
    {
        if (d == Dimension)
        {
            Apply(map, r);
        }
        else
        {
            ApplySector(map, r);
        }
    }

    /// <summary>result = second after first for d x d maps stored column by column (no aliasing).</summary>
    public static void Compose(ReadOnlySpan<double> second, ReadOnlySpan<double> first, Span<double> result, int d)
    {
        first[..(d * d)].CopyTo(result);
        for (int l = 0; l < d; l++)
        {
            Apply(second, result.Slice(l * d, d), d);
        }
    }

    /// <summary>result = second after first (no aliasing): column l of the result is second applied to column l of first.</summary>
    public static void Compose(ReadOnlySpan<double> second, ReadOnlySpan<double> first, Span<double> result)
    {
        first[..Length].CopyTo(result);
        for (int l = 0; l < Dimension; l++)
        {
            Apply(second, result.Slice(l * Dimension, Dimension));
        }
    }

    public static void SetIdentity(Span<double> map)
    {
        map[..Length].Clear();
        for (int k = 0; k < Dimension; k++)
        {
            map[k * Dimension + k] = 1;
        }
    }
}
