using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The state of two qubits as its 16 Pauli expectations r_k = tr(rho P_k) (<see cref="PairGenerator"/>):
/// r_0 is the trace. Basis of the density matrix: |ab&gt; at index 2a + b, qubit A the left factor,
/// |1&gt; excited and s_z|0&gt; = +|0&gt; as for one qubit.
/// </summary>
internal sealed class PairState
{
    public const int Dimension = PairGenerator.Dimension;

    private readonly double[] _r;

    private PairState(double[] r) => _r = r;

    /// <summary>The Pauli expectations (16; index 4i + j for s_i on A and s_j on B).</summary>
    public Span<double> Expectations => _r;

    /// <summary>rho_A (x) rho_B.</summary>
    public static PairState Product(DensityMatrix a, DensityMatrix b)
    {
        Span<double> ra = stackalloc double[4];
        Span<double> rb = stackalloc double[4];
        BlochMap.ToBloch(a, ra);
        BlochMap.ToBloch(b, rb);
        // Bloch order is (x, y, z, t); Pauli order is (I, X, Y, Z).
        Span<double> pa = [ra[3], ra[0], ra[1], ra[2]];
        Span<double> pb = [rb[3], rb[0], rb[1], rb[2]];
        var r = new double[Dimension];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                r[4 * i + j] = pa[i] * pb[j];
            }
        }

        return new PairState(r);
    }

    /// <summary>Any two-qubit density matrix (4x4 row-major, Hermitian part taken).</summary>
    public static PairState FromDensityMatrix(ReadOnlySpan<Complex> rho)
    {
        var r = new double[Dimension];
        for (int k = 0; k < Dimension; k++)
        {
            var p = PairGenerator.TwoQubitPauli(k);
            Complex t = 0;
            for (int i = 0; i < 4; i++)
            {
                for (int m = 0; m < 4; m++)
                {
                    t += p[i * 4 + m] * rho[m * 4 + i];
                }
            }

            r[k] = t.Real;
        }

        return new PairState(r);
    }

    public PairState Clone() => new((double[])_r.Clone());

    /// <summary>rho = sum_k r_k P_k / 4, 4x4 row-major.</summary>
    public Complex[] ToDensityMatrix()
    {
        var rho = new Complex[16];
        for (int k = 0; k < Dimension; k++)
        {
            if (_r[k] == 0)
            {
                continue;
            }

            var p = PairGenerator.TwoQubitPauli(k);
            for (int e = 0; e < 16; e++)
            {
                rho[e] += p[e] * (_r[k] / 4);
            }
        }

        return rho;
    }

    /// <summary>P(ab) for ab = 00, 01, 10, 11 (index 2a + b), each clamped to 0..1.</summary>
    public double[] Populations()
    {
        double t = _r[0], za = _r[12], zb = _r[3], zz = _r[15];
        double[] p =
        [
            (t + za + zb + zz) / 4,
            (t + za - zb - zz) / 4,
            (t - za + zb - zz) / 4,
            (t - za - zb + zz) / 4,
        ];
        for (int i = 0; i < 4; i++)
        {
            p[i] = Math.Clamp(p[i], 0.0, 1.0);
        }

        return p;
    }

    /// <summary>The reduced state of qubit A (<paramref name="qubitA"/>) or B.</summary>
    public DensityMatrix Reduced(bool qubitA)
    {
        // tr_B rho has Bloch (x, y, z, t) = (r_X0, r_Y0, r_Z0, r_00) for A, (r_0X, r_0Y, r_0Z, r_00) for B.
        Span<double> bloch = qubitA ? [_r[4], _r[8], _r[12], _r[0]] : [_r[1], _r[2], _r[3], _r[0]];
        return BlochMap.ToDensityMatrix(bloch);
    }
}
