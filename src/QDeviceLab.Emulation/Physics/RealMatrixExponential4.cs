namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// exp(A) of a real 4x4 matrix (row-major span of 16), without allocating: the same scaling and
/// squaring with Pade approximants of degree 3..13 as <see cref="MatrixExponential"/> (Higham 2005),
/// on stack buffers. The Bloch-representation generator of one qubit is a real 4x4 matrix, and this
/// runs once per distinct drive sample on the emulator's cold path.
/// </summary>
internal static class RealMatrixExponential4
{
    private const int N = 4;
    private const int Size = N * N;

    // theta_m: largest 1-norm for which the degree-m approximant has backward error <= 2^-53.
    private const double Theta3 = 1.495585217958292e-2;
    private const double Theta5 = 2.539398330063230e-1;
    private const double Theta7 = 9.504178996162932e-1;
    private const double Theta9 = 2.097847961257068e0;
    private const double Theta13 = 5.371920351148152e0;

    private static readonly double[] Pade3 = [120, 60, 12, 1];

    private static readonly double[] Pade5 = [30240, 15120, 3360, 420, 30, 1];

    private static readonly double[] Pade7 = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1];

    private static readonly double[] Pade9 = [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1];

    private static readonly double[] Pade13 =
    [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
        129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920,
        40840800, 960960, 16380, 182, 1,
    ];

    /// <summary>Writes exp(<paramref name="a"/>) to <paramref name="result"/> (16 row-major entries each; they may not overlap).</summary>
    public static void Exp(ReadOnlySpan<double> a, Span<double> result)
    {
        if (a.Length != Size || result.Length != Size)
        {
            throw new ArgumentException("expected 4x4 matrices as 16 row-major entries");
        }

        double norm = Norm1(a);
        if (!double.IsFinite(norm))
        {
            throw new ArgumentException("Matrix exponential of a non-finite matrix.", nameof(a));
        }

        if (norm <= Theta3)
        {
            LowDegree(a, Pade3, result);
        }
        else if (norm <= Theta5)
        {
            LowDegree(a, Pade5, result);
        }
        else if (norm <= Theta7)
        {
            LowDegree(a, Pade7, result);
        }
        else if (norm <= Theta9)
        {
            LowDegree(a, Pade9, result);
        }
        else
        {
            int s = Math.Max(0, (int)Math.Ceiling(Math.Log2(norm / Theta13)));
            Span<double> scaled = stackalloc double[Size];
            double f = Math.ScaleB(1.0, -s);
            for (int i = 0; i < Size; i++)
            {
                scaled[i] = f * a[i];
            }

            Degree13(scaled, result);
            Span<double> square = stackalloc double[Size];
            for (int i = 0; i < s; i++)
            {
                Multiply(result, result, square);
                square.CopyTo(result);
            }
        }
    }

    /// <summary>r = x y (r must not alias x or y).</summary>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < N; i++)
        {
            double x0 = x[i * N], x1 = x[i * N + 1], x2 = x[i * N + 2], x3 = x[i * N + 3];
            for (int j = 0; j < N; j++)
            {
                r[i * N + j] = x0 * y[j] + x1 * y[N + j] + x2 * y[2 * N + j] + x3 * y[3 * N + j];
            }
        }
    }

    private static double Norm1(ReadOnlySpan<double> a)
    {
        double best = 0;
        for (int j = 0; j < N; j++)
        {
            double s = Math.Abs(a[j]) + Math.Abs(a[N + j]) + Math.Abs(a[2 * N + j]) + Math.Abs(a[3 * N + j]);
            best = Math.Max(best, s);
        }

        return best;
    }

    private static void LowDegree(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result)
    {
        // U = A * sum b[2k+1] A^(2k), V = sum b[2k] A^(2k); exp(A) ~ (V - U)^-1 (V + U).
        Span<double> a2 = stackalloc double[Size];
        Span<double> power = stackalloc double[Size];
        Span<double> next = stackalloc double[Size];
        Span<double> uSum = stackalloc double[Size];
        Span<double> v = stackalloc double[Size];
        Span<double> u = stackalloc double[Size];
        Multiply(a, a, a2);
        SetIdentity(power);
        uSum.Clear();
        v.Clear();
        for (int k = 0; 2 * k < b.Length; k++)
        {
            AddScaled(v, b[2 * k], power);
            if (2 * k + 1 < b.Length)
            {
                AddScaled(uSum, b[2 * k + 1], power);
            }

            if (2 * k + 2 < b.Length)
            {
                Multiply(power, a2, next);
                next.CopyTo(power);
            }
        }

        Multiply(a, uSum, u);
        SolvePade(u, v, result);
    }

    private static void Degree13(ReadOnlySpan<double> a, Span<double> result)
    {
        var b = Pade13;
        Span<double> a2 = stackalloc double[Size];
        Span<double> a4 = stackalloc double[Size];
        Span<double> a6 = stackalloc double[Size];
        Span<double> inner = stackalloc double[Size];
        Span<double> t = stackalloc double[Size];
        Span<double> u = stackalloc double[Size];
        Span<double> v = stackalloc double[Size];
        Multiply(a, a, a2);
        Multiply(a2, a2, a4);
        Multiply(a4, a2, a6);

        // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
        for (int i = 0; i < Size; i++)
        {
            inner[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
        }

        Multiply(a6, inner, t);
        for (int i = 0; i < Size; i++)
        {
            t[i] += b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
        }

        AddDiagonal(t, b[1]);
        Multiply(a, t, u);

        // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
        for (int i = 0; i < Size; i++)
        {
            inner[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
        }

        Multiply(a6, inner, v);
        for (int i = 0; i < Size; i++)
        {
            v[i] += b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
        }

        AddDiagonal(v, b[0]);
        SolvePade(u, v, result);
    }

    /// <summary>Solves (V - U) X = (V + U) by Gaussian elimination with partial pivoting.</summary>
    private static void SolvePade(ReadOnlySpan<double> u, ReadOnlySpan<double> v, Span<double> x)
    {
        Span<double> lu = stackalloc double[Size];
        for (int i = 0; i < Size; i++)
        {
            lu[i] = v[i] - u[i];
            x[i] = v[i] + u[i];
        }

        for (int col = 0; col < N; col++)
        {
            int pivot = col;
            double best = Math.Abs(lu[col * N + col]);
            for (int r = col + 1; r < N; r++)
            {
                double m = Math.Abs(lu[r * N + col]);
                if (m > best)
                {
                    best = m;
                    pivot = r;
                }
            }

            if (best == 0)
            {
                throw new InvalidOperationException("Singular matrix in the Pade denominator.");
            }

            if (pivot != col)
            {
                for (int j = 0; j < N; j++)
                {
                    (lu[col * N + j], lu[pivot * N + j]) = (lu[pivot * N + j], lu[col * N + j]);
                    (x[col * N + j], x[pivot * N + j]) = (x[pivot * N + j], x[col * N + j]);
                }
            }

            double diagonal = lu[col * N + col];
            for (int r = col + 1; r < N; r++)
            {
                double f = lu[r * N + col] / diagonal;
                if (f == 0)
                {
                    continue;
                }

                for (int j = col; j < N; j++)
                {
                    lu[r * N + j] -= f * lu[col * N + j];
                }

                for (int j = 0; j < N; j++)
                {
                    x[r * N + j] -= f * x[col * N + j];
                }
            }
        }

        for (int col = N - 1; col >= 0; col--)
        {
            for (int j = 0; j < N; j++)
            {
                double s = x[col * N + j];
                for (int k = col + 1; k < N; k++)
                {
                    s -= lu[col * N + k] * x[k * N + j];
                }

                x[col * N + j] = s / lu[col * N + col];
            }
        }
    }

    private static void SetIdentity(Span<double> m)
    {
        m.Clear();
        for (int i = 0; i < N; i++)
        {
            m[i * N + i] = 1;
        }
    }

    private static void AddScaled(Span<double> target, double factor, ReadOnlySpan<double> m)
    {
        for (int i = 0; i < Size; i++)
        {
            target[i] += factor * m[i];
        }
    }

    private static void AddDiagonal(Span<double> m, double value)
    {
        for (int i = 0; i < N; i++)
        {
            m[i * N + i] += value;
        }
    }
}
