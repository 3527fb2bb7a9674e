namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The exact randomized-benchmarking decay of a set of noisy one-qubit Clifford channels, so the
/// emulator can state the true error per Clifford instead of an estimate. With gate-dependent noise
/// (Proctor et al. PRL 119, 130502 (2017); Wallman, Quantum 2, 47 (2018)) the survival is A p^m + B
/// up to terms that decay exponentially faster, where p is the second-largest-magnitude eigenvalue of
/// the 16x16 map X -> (1/24) sum_g Lambda_g X G_g^T on 4x4 Pauli transfer matrices (Lambda_g noisy,
/// G_g ideal); the largest is 1.
/// </summary>
/// <remarks>
/// PTMs here are in the order (t, x, y, z): row 0 is (1, 0, 0, 0), column 0 below it is the affine
/// (non-unital) part c of <see cref="BlochMap"/>, the 3x3 block is its M. For X = [x0 | X1] the map
/// keeps columns apart: x0 -> mean Lambda x0 holds the eigenvalue 1, and on X1 the top row goes to
/// (1/24) sum R_g = 0 while the lower 3x3 block Y goes to (1/24) sum M_g Y R_g^T plus terms in the
/// top row. The map is block-triangular, so p is the dominant eigenvalue of the 9x9
/// (1/24) sum_g M_g (x) R_g (row-major vec): the non-unital part shapes A and B, not p.
/// </remarks>
internal static class RbDecay
{
    /// <summary>The ideal Clifford nearest to <paramref name="noisy"/>: its 3x3 block rounded to a signed permutation (entries -1, 0, 1); throws if that is not a rotation.</summary>
    public static double[] NearestClifford(ReadOnlySpan<double> noisy)
    {
        var ideal = new double[16];
        ideal[0] = 1;
        for (var i = 1; i < 4; i++)
        {
            var nonZero = 0;
            for (var j = 1; j < 4; j++)
            {
                var v = Math.Round(noisy[(4 * i) + j]);
                ideal[(4 * i) + j] = Math.Abs(v) > 0.5 ? Math.Sign(v) : 0;
                nonZero += ideal[(4 * i) + j] != 0 ? 1 : 0;
            }

            if (nonZero != 1)
            {
                throw new ArgumentException($"row {i} of a Clifford channel's Bloch map is not near a signed permutation; is the pulse calibrated?", nameof(noisy));
            }
        }

        var det = Det3(ideal);
        if (det != 1)
        {
            throw new ArgumentException($"a Clifford channel's nearest signed permutation has determinant {det}, not 1", nameof(noisy));
        }

        return ideal;
    }

    /// <summary>The 4x4 PTM (t, x, y, z), row-major, of a <see cref="BlochMap"/>.</summary>
    public static double[] Ptm(ReadOnlySpan<double> map)
    {
        var ptm = new double[16];
        ptm[0] = 1;
        for (var i = 0; i < 3; i++)
        {
            ptm[4 * (i + 1)] = map[9 + i];
            for (var j = 0; j < 3; j++)
            {
                ptm[(4 * (i + 1)) + j + 1] = map[(3 * i) + j];
            }
        }

        return ptm;
    }

    /// <summary>The 16x16 (1/n) sum_g Lambda_g (x) G_g (row-major vec, so vec(Lambda X G^T) = (Lambda (x) G) vec X), row-major.</summary>
    public static double[] Superoperator(IReadOnlyList<double[]> noisy, IReadOnlyList<double[]> ideal)
    {
        var t = new double[256];
        for (var g = 0; g < noisy.Count; g++)
        {
            for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
            for (var k = 0; k < 4; k++)
            for (var l = 0; l < 4; l++)
            {
                t[(((4 * i) + j) * 16) + (4 * k) + l] += noisy[g][(4 * i) + k] * ideal[g][(4 * j) + l] / noisy.Count;
            }
        }

        return t;
    }

    /// <summary>
    /// p for noisy channels <paramref name="noisy"/> of the ideal Cliffords <paramref name="ideal"/> (4x4 row-major
    /// PTMs, one per group element): the dominant eigenvalue of the unital 9x9 block, by power iteration (the
    /// twirl leaves every other eigenvalue of that block near 0, so it converges in a few dozen steps).
    /// </summary>
    public static double DecayParameter(IReadOnlyList<double[]> noisy, IReadOnlyList<double[]> ideal)
    {
        if (noisy.Count == 0 || noisy.Count != ideal.Count)
        {
            throw new ArgumentException($"need one noisy and one ideal channel per Clifford, got {noisy.Count} and {ideal.Count}", nameof(ideal));
        }

        var block = new double[81];
        for (var g = 0; g < noisy.Count; g++)
        {
            for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
            for (var k = 0; k < 3; k++)
            for (var l = 0; l < 3; l++)
            {
                block[(((3 * i) + j) * 9) + (3 * k) + l] += noisy[g][(4 * (i + 1)) + k + 1] * ideal[g][(4 * (j + 1)) + l + 1] / noisy.Count;
            }
        }

        // Start from vec(identity): the eigenvector of the noiseless twirl.
        var v = new double[9];
        v[0] = v[4] = v[8] = 1 / Math.Sqrt(3);
        var next = new double[9];
        var p = 0.0;
        for (var step = 0; step < 10_000; step++)
        {
            for (var r = 0; r < 9; r++)
            {
                var s = 0.0;
                for (var c = 0; c < 9; c++)
                {
                    s += block[(9 * r) + c] * v[c];
                }

                next[r] = s;
            }

            var rayleigh = 0.0;
            var norm = 0.0;
            for (var r = 0; r < 9; r++)
            {
                rayleigh += v[r] * next[r];
                norm += next[r] * next[r];
            }

            norm = Math.Sqrt(norm);
            if (!(norm > 0))
            {
                return 0;
            }

            var change = 0.0;
            for (var r = 0; r < 9; r++)
            {
                var u = next[r] / norm;
                change = Math.Max(change, Math.Abs(u - v[r]));
                v[r] = u;
            }

            var converged = Math.Abs(rayleigh - p) < 1e-16 && change < 1e-14;
            p = rayleigh;
            if (converged)
            {
                break;
            }
        }

        return p;
    }

    private static double Det3(double[] m) =>
        (m[5] * ((m[10] * m[15]) - (m[11] * m[14])))
        - (m[6] * ((m[9] * m[15]) - (m[11] * m[13])))
        + (m[7] * ((m[9] * m[14]) - (m[10] * m[13])));
}
