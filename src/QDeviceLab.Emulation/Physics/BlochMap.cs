using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// A trace-preserving qubit channel as an affine map of the Bloch vector, r' = M r + c tr(rho),
/// stored as 12 doubles (M row-major, then c) so that caches can keep many in one flat array.
/// Applying one costs 12 multiply-adds; composing two, 36.
/// </summary>
internal static class BlochMap
{
    public const int Length = 12;

    /// <summary>Takes the map out of exp(G dt) (16 row-major entries, last row (0, 0, 0, 1)).</summary>
    public static void FromAugmented(ReadOnlySpan<double> e, Span<double> map)
    {
        map[0] = e[0]; map[1] = e[1]; map[2] = e[2];
        map[3] = e[4]; map[4] = e[5]; map[5] = e[6];
        map[6] = e[8]; map[7] = e[9]; map[8] = e[10];
        map[9] = e[3]; map[10] = e[7]; map[11] = e[11];
    }

    /// <summary>r = map(r); <paramref name="r"/> is (x, y, z, t).</summary>
    public static void Apply(ReadOnlySpan<double> m, Span<double> r)
    {
        double x = r[0], y = r[1], z = r[2], t = r[3];
        r[0] = m[0] * x + m[1] * y + m[2] * z + m[9] * t;
        r[1] = m[3] * x + m[4] * y + m[5] * z + m[10] * t;
        r[2] = m[6] * x + m[7] * y + m[8] * z + m[11] * t;
    }

    /// <summary>result = second after first (result must not alias either).</summary>
    public static void Compose(ReadOnlySpan<double> second, ReadOnlySpan<double> first, Span<double> result)
    {
        for (int i = 0; i < 3; i++)
        {
            double s0 = second[3 * i], s1 = second[3 * i + 1], s2 = second[3 * i + 2];
            result[3 * i] = s0 * first[0] + s1 * first[3] + s2 * first[6];
            result[3 * i + 1] = s0 * first[1] + s1 * first[4] + s2 * first[7];
            result[3 * i + 2] = s0 * first[2] + s1 * first[5] + s2 * first[8];
            result[9 + i] = s0 * first[9] + s1 * first[10] + s2 * first[11] + second[9 + i];
        }
    }

    public static void SetIdentity(Span<double> map)
    {
        map.Clear();
        map[0] = 1;
        map[4] = 1;
        map[8] = 1;
    }

    /// <summary>(x, y, z, t) of a density matrix: x = 2 Re rho01, y = -2 Im rho01, z = rho00 - rho11.</summary>
    public static void ToBloch(DensityMatrix rho, Span<double> r)
    {
        // Averaging rho01 with conj(rho10) keeps the Hermitian part, which is all a state has.
        Complex off = (rho.Rho01 + Complex.Conjugate(rho.Rho10)) / 2;
        r[0] = 2 * off.Real;
        r[1] = -2 * off.Imaginary;
        r[2] = rho.Rho00.Real - rho.Rho11.Real;
        r[3] = rho.Rho00.Real + rho.Rho11.Real;
    }

    public static DensityMatrix ToDensityMatrix(ReadOnlySpan<double> r)
    {
        var off = new Complex(r[0] / 2, -r[1] / 2);
        return new DensityMatrix(new Complex((r[3] + r[2]) / 2, 0), off, Complex.Conjugate(off), new Complex((r[3] - r[2]) / 2, 0));
    }
}
