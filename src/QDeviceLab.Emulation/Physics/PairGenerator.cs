using System.Numerics;
using System.Runtime.CompilerServices;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The Lindblad generator of two coupled transmons in the real Pauli-transfer representation: the
/// state is r_k = tr(rho P_k) for the 16 two-qubit Paulis P_(4i+j) = s_i (x) s_j (s = I, X, Y, Z; qubit A
/// is the left factor, so basis index 2a + b), rho = sum_k r_k P_k / 4, and dr/dt = G r with
/// G_kl = tr(P_k L(P_l)) / 4, real because L keeps Hermitian matrices Hermitian.
/// <para>
/// The master equation is the sum of each qubit's own one-qubit equation (<see cref="Liouvillian"/>:
/// detuning, Rabi drive with its amplitude error, T1 with the bath occupation, pure dephasing,
/// depolarizing while that qubit's drive is non-zero) plus the coupling 2 pi zeta(V) |11&gt;&lt;11| and the
/// flux shifts pi alpha V^2 s_z of each qubit. Every term is linear in one control, so G is assembled
/// per sample from pieces built once: static + V_Ia X_A + V_Qa Y_A + V_Ib X_B + V_Qb Y_B + V^2 F
/// (+ the depolarizing pieces while driven).
/// </para>
/// </summary>
internal sealed class PairGenerator
{
    public const int Dimension = 16;
    private const int Size = Dimension * Dimension;

    // The pieces that do not depend on the baths, built once per pair (a new generator is made for
    // every change of a bath occupation, i.e. every acquisition while the mixing chamber drifts).
    private static readonly ConditionalWeakTable<PairParameters, ControlPieces> Pieces = new();

    private readonly double[] _static = new double[Size];
    private readonly double[] _xA;
    private readonly double[] _yA;
    private readonly double[] _xB;
    private readonly double[] _yB;
    private readonly double[] _depolarizingA;
    private readonly double[] _depolarizingB;
    private readonly double[] _fluxPerVoltSquared;

    public PairGenerator(PairParameters pair, double occupationA, double occupationB)
    {
        const double TwoPi = 2 * Math.PI;
        var a = pair.A;
        var b = pair.B;
        var zA = OnA(Pauli(3));
        var zB = OnB(Pauli(3));
        var both = Projector11();

        // Static: detunings (H/h = (detuning/2) s_z per qubit), the static ZZ and each qubit's decay.
        var h = Add(Scale(zA, Math.PI * a.DetuningHz), Scale(zB, Math.PI * b.DetuningHz), Scale(both, TwoPi * pair.StaticZzHz));
        var collapse = new List<Complex[]>();
        AddDecay(collapse, a, occupationA, OnA);
        AddDecay(collapse, b, occupationB, OnB);
        Build(h, collapse, _static);

        var pieces = Pieces.GetValue(pair, p => new ControlPieces(p));
        (_xA, _yA, _xB, _yB) = (pieces.XA, pieces.YA, pieces.XB, pieces.YB);
        (_depolarizingA, _depolarizingB, _fluxPerVoltSquared) = (pieces.DepolarizingA, pieces.DepolarizingB, pieces.FluxPerVoltSquared);
    }

    /// <summary>The generator's terms linear in one control (and the depolarizing while driven): the same for every bath.</summary>
    private sealed class ControlPieces
    {
        public ControlPieces(PairParameters pair)
        {
            const double TwoPi = 2 * Math.PI;
            var a = pair.A;
            var b = pair.B;
            var zA = OnA(Pauli(3));
            var zB = OnB(Pauli(3));
            var both = Projector11();
            double rabiA = Math.PI * a.RabiRatePerVolt * (1 + a.DriveAmplitudeError);
            double rabiB = Math.PI * b.RabiRatePerVolt * (1 + b.DriveAmplitudeError);
            Build(Scale(OnA(Pauli(1)), rabiA), [], XA);
            Build(Scale(OnA(Pauli(2)), rabiA), [], YA);
            Build(Scale(OnB(Pauli(1)), rabiB), [], XB);
            Build(Scale(OnB(Pauli(2)), rabiB), [], YB);
            Build(Zero(), Depolarizing(a.DepolarizingRate, OnA), DepolarizingA);
            Build(Zero(), Depolarizing(b.DepolarizingRate, OnB), DepolarizingB);
            Build(
                Add(Scale(zA, Math.PI * pair.ShiftAPerVoltSquared), Scale(zB, Math.PI * pair.ShiftBPerVoltSquared), Scale(both, TwoPi * pair.ZzPerVoltSquared)),
                [],
                FluxPerVoltSquared);
        }

        public double[] XA { get; } = new double[Size];

        public double[] YA { get; } = new double[Size];

        public double[] XB { get; } = new double[Size];

        public double[] YB { get; } = new double[Size];

        public double[] DepolarizingA { get; } = new double[Size];

        public double[] DepolarizingB { get; } = new double[Size];

        public double[] FluxPerVoltSquared { get; } = new double[Size];
    }

    /// <summary>Writes G dt (256 row-major entries) for one sample of both drives and the flux line.</summary>
    public void Build(double iA, double qA, double iB, double qB, double flux, double dt, Span<double> g)
    {
        double v2 = flux * flux;
        bool drivenA = iA != 0 || qA != 0;
        bool drivenB = iB != 0 || qB != 0;
        for (int k = 0; k < Size; k++)
        {
            double x = _static[k] + iA * _xA[k] + qA * _yA[k] + iB * _xB[k] + qB * _yB[k] + v2 * _fluxPerVoltSquared[k];
            if (drivenA)
            {
                x += _depolarizingA[k];
            }

            if (drivenB)
            {
                x += _depolarizingB[k];
            }

            g[k] = x * dt;
        }

        // The trace row is zero exactly (the channel preserves the trace); rounding must not leak into it.
        g[..Dimension].Clear();
    }

    /// <summary>
    /// Writes the block of G dt on the Pauli indices <paramref name="indices"/> (d x d row-major, d =
    /// indices.Length): entry (p, q) is G_(indices[p], indices[q]) dt, each computed exactly as
    /// <see cref="Build(double, double, double, double, double, double, Span{double})"/> computes it.
    /// </summary>
    public void BuildBlock(double iA, double qA, double iB, double qB, double flux, double dt, ReadOnlySpan<int> indices, Span<double> g)
    {
        double v2 = flux * flux;
        bool drivenA = iA != 0 || qA != 0;
        bool drivenB = iB != 0 || qB != 0;
        int d = indices.Length;
        for (int p = 0; p < d; p++)
        {
            int row = indices[p];
            for (int q = 0; q < d; q++)
            {
                if (row == 0)
                {
                    g[p * d + q] = 0; // the trace row, zero exactly
                    continue;
                }

                int k = row * Dimension + indices[q];
                double x = _static[k] + iA * _xA[k] + qA * _yA[k] + iB * _xB[k] + qB * _yB[k] + v2 * _fluxPerVoltSquared[k];
                if (drivenA)
                {
                    x += _depolarizingA[k];
                }

                if (drivenB)
                {
                    x += _depolarizingB[k];
                }

                g[p * d + q] = x * dt;
            }
        }
    }

    /// <summary>The 4x4 Pauli s_i (row-major, 4 entries): I, X, Y, Z for i = 0..3.</summary>
    public static Complex[] Pauli(int i) => i switch
    {
        0 => [1, 0, 0, 1],
        1 => [0, 1, 1, 0],
        2 => [0, new Complex(0, -1), new Complex(0, 1), 0],
        _ => [1, 0, 0, -1],
    };

    /// <summary>P_k = s_(k/4) (x) s_(k%4) as a 4x4 row-major matrix.</summary>
    public static Complex[] TwoQubitPauli(int k) => Kron(Pauli(k / 4), Pauli(k % 4));

    public static Complex[] Kron(Complex[] x, Complex[] y)
    {
        var r = new Complex[16];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 2; k++)
                {
                    for (int m = 0; m < 2; m++)
                    {
                        r[(2 * i + k) * 4 + 2 * j + m] = x[2 * i + j] * y[2 * k + m];
                    }
                }
            }
        }

        return r;
    }

    private static Complex[] OnA(Complex[] op) => Kron(op, Pauli(0));

    private static Complex[] OnB(Complex[] op) => Kron(Pauli(0), op);

    private static Complex[] Projector11()
    {
        var p = new Complex[16];
        p[15] = 1;
        return p;
    }

    private static Complex[] Zero() => new Complex[16];

    private static void AddDecay(List<Complex[]> collapse, TransmonParameters q, double occupation, Func<Complex[], Complex[]> on)
    {
        // |0><1| lowers (|1> excited), as in the one-qubit model.
        double gamma1 = 1.0 / q.T1;
        collapse.Add(on([0, Math.Sqrt(gamma1 * (occupation + 1)), 0, 0]));
        if (occupation > 0)
        {
            collapse.Add(on([0, 0, Math.Sqrt(gamma1 * occupation), 0]));
        }

        if (q.PureDephasingRate > 0)
        {
            double c = Math.Sqrt(q.PureDephasingRate / 2);
            collapse.Add(on([c, 0, 0, -c]));
        }
    }

    private static List<Complex[]> Depolarizing(double rate, Func<Complex[], Complex[]> on)
    {
        if (!(rate > 0))
        {
            return [];
        }

        double d = Math.Sqrt(rate / 4);
        return [.. Enumerable.Range(1, 3).Select(i => on(Scale(Pauli(i), d)))];
    }

    /// <summary>G_kl = Re tr(P_k L(P_l)) / 4 for L(X) = -i[H, X] + sum_c (C X C' - (C'C X + X C'C)/2).</summary>
    /// <remarks>
    /// Runs once per bath (every acquisition while the mixing chamber drifts), so the 4x4 products go
    /// through stack buffers; each entry is the same sequence of complex operations as the plain
    /// matrix helpers below (sums start at 0 and add in the same order), so G is the same to the bit.
    /// </remarks>
    private static void Build(Complex[] h, List<Complex[]> collapse, double[] g)
    {
        var paulis = TwoQubitPaulis;
        var daggers = collapse.Select(Dagger).ToList();
        var cdc = collapse.Select((c, i) => Multiply(daggers[i], c)).ToList();
        Span<Complex> lx = stackalloc Complex[16];
        Span<Complex> left = stackalloc Complex[16];
        Span<Complex> right = stackalloc Complex[16];
        Span<Complex> jump = stackalloc Complex[16];
        var minusI = new Complex(0, -1);
        Complex minusHalf = -0.5;
        for (int l = 0; l < Dimension; l++)
        {
            var x = paulis[l];
            MultiplyInto(h, x, left);
            MultiplyInto(x, h, right);
            for (int i = 0; i < 16; i++)
            {
                lx[i] = Complex.Zero + (left[i] - right[i]) * minusI;
            }

            for (int c = 0; c < collapse.Count; c++)
            {
                MultiplyInto(collapse[c], x, left);
                MultiplyInto(left, daggers[c], jump);
                MultiplyInto(cdc[c], x, left);
                MultiplyInto(x, cdc[c], right);
                for (int i = 0; i < 16; i++)
                {
                    var anti = Complex.Zero + left[i] + right[i];
                    lx[i] = Complex.Zero + lx[i] + jump[i] + anti * minusHalf;
                }
            }

            for (int k = 0; k < Dimension; k++)
            {
                g[k * Dimension + l] = TraceOfProduct(paulis[k], lx).Real / 4;
            }
        }
    }

    /// <remarks>
    /// A product with a zero factor (most entries of a Pauli) is skipped: with finite entries it is
    /// +-0, and adding +-0 to a sum that starts at +0 changes no bit of it.
    /// </remarks>
    private static void MultiplyInto(ReadOnlySpan<Complex> x, ReadOnlySpan<Complex> y, Span<Complex> r)
    {
        r.Clear();
        for (int i = 0; i < 4; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                var xik = x[i * 4 + k];
                if (xik == Complex.Zero)
                {
                    continue;
                }

                for (int j = 0; j < 4; j++)
                {
                    var ykj = y[k * 4 + j];
                    if (ykj != Complex.Zero)
                    {
                        r[i * 4 + j] += xik * ykj;
                    }
                }
            }
        }
    }

    private static readonly Complex[][] TwoQubitPaulis = [.. Enumerable.Range(0, Dimension).Select(TwoQubitPauli)];

    private static Complex TraceOfProduct(ReadOnlySpan<Complex> x, ReadOnlySpan<Complex> y)
    {
        Complex t = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                t += x[i * 4 + k] * y[k * 4 + i];
            }
        }

        return t;
    }

    private static Complex[] Multiply(Complex[] x, Complex[] y)
    {
        var r = new Complex[16];
        for (int i = 0; i < 4; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                for (int j = 0; j < 4; j++)
                {
                    r[i * 4 + j] += x[i * 4 + k] * y[k * 4 + j];
                }
            }
        }

        return r;
    }

    private static Complex[] Dagger(Complex[] x)
    {
        var r = new Complex[16];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                r[i * 4 + j] = Complex.Conjugate(x[j * 4 + i]);
            }
        }

        return r;
    }

    private static Complex[] Scale(Complex[] x, Complex f) => [.. x.Select(v => v * f)];

    private static Complex[] Subtract(Complex[] x, Complex[] y) => [.. x.Select((v, i) => v - y[i])];

    private static Complex[] Add(params Complex[][] terms)
    {
        var r = new Complex[terms[0].Length];
        foreach (var t in terms)
        {
            for (int i = 0; i < r.Length; i++)
            {
                r[i] += t[i];
            }
        }

        return r;
    }
}
