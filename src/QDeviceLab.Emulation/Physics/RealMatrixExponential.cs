namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// exp(A) of a real n x n matrix (row-major), by scaling and squaring with Pade approximants of
/// degree 3..13 (Higham 2005), as <see cref="RealMatrixExponential4"/> does for the one-qubit 4x4, with
/// the size as a parameter. Two coupled qubits have a 16x16 Pauli-transfer generator; this runs once per
/// distinct pair of drive samples, so it works in caller-free scratch arrays it keeps per thread.
/// </summary>
internal static class RealMatrixExponential
{
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

    [ThreadStatic]
    private static double[]? _scratch;

    /// <summary>Writes exp(<paramref name="a"/>) into <paramref name="result"/> (n*n row-major each, not overlapping).</summary>
    public static void Exp(ReadOnlySpan<double> a, int n, Span<double> result)
    {
        int size = n * n;
        if (a.Length != size || result.Length != size)
        {
            throw new ArgumentException($"expected {n}x{n} matrices as {size} row-major entries");
        }

        double norm = Norm1(a, n);
        if (!double.IsFinite(norm))
        {
            throw new ArgumentException("Matrix exponential of a non-finite matrix.", nameof(a));
        }

        if (_scratch is null || _scratch.Length < 10 * size)
        {
            _scratch = new double[10 * size];
        }

        var s = _scratch.AsSpan();
        if (norm <= Theta3)
        {
            LowDegree(a, n, Pade3, result, s);
        }
        else if (norm <= Theta5)
        {
            LowDegree(a, n, Pade5, result, s);
        }
        else if (norm <= Theta7)
        {
            LowDegree(a, n, Pade7, result, s);
        }
        else if (norm <= Theta9)
        {
            LowDegree(a, n, Pade9, result, s);
        }
        else
        {
            int squarings = Math.Max(0, (int)Math.Ceiling(Math.Log2(norm / Theta13)));
            var scaled = s.Slice(8 * size, size);
            double f = Math.ScaleB(1.0, -squarings);
            for (int i = 0; i < size; i++)
            {
                scaled[i] = f * a[i];
            }

            Degree13(scaled, n, result, s);
            var square = s.Slice(9 * size, size);
            for (int i = 0; i < squarings; i++)
            {
                Multiply(result, result, n, square);
                square.CopyTo(result);
            }
        }
    }

    /// <summary>r = x y for n x n row-major matrices (r must not alias x or y).</summary>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, Span<double> r)
    {
        r[..(n * n)].Clear();
        for (int i = 0; i < n; i++)
        {
            var row = r.Slice(i * n, n);
            for (int k = 0; k < n; k++)
            {
                double xik = x[i * n + k];
                if (xik == 0)
                {
                    continue;
                }

                var yk = y.Slice(k * n, n);
                for (int j = 0; j < n; j++)
                {
                    row[j] += xik * yk[j];
                }
            }
        }
    }

    private static double Norm1(ReadOnlySpan<double> a, int n)
    {
        double best = 0;
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += Math.Abs(a[i * n + j]);
            }

            best = Math.Max(best, sum);
        }

        return best;
    }

    private static void LowDegree(ReadOnlySpan<double> a, int n, ReadOnlySpan<double> b, Span<double> result, Span<double> s)
    {
        int size = n * n;
        var a2 = s[..size];
        var power = s.Slice(size, size);
        var next = s.Slice(2 * size, size);
        var uSum = s.Slice(3 * size, size);
        var v = s.Slice(4 * size, size);
        var u = s.Slice(5 * size, size);
        Multiply(a, a, n, a2);
        SetIdentity(power, n);
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
                Multiply(power, a2, n, next);
                next.CopyTo(power);
            }
        }

        Multiply(a, uSum, n, u);
        SolvePade(u, v, n, result, s.Slice(6 * size, size));
    }

    private static void Degree13(ReadOnlySpan<double> a, int n, Span<double> result, Span<double> s)
    {
        int size = n * n;
        var b = Pade13;
        var a2 = s[..size];
        var a4 = s.Slice(size, size);
        var a6 = s.Slice(2 * size, size);
        var inner = s.Slice(3 * size, size);
        var t = s.Slice(4 * size, size);
        var u = s.Slice(5 * size, size);
        var v = s.Slice(6 * size, size);
        Multiply(a, a, n, a2);
        Multiply(a2, a2, n, a4);
        Multiply(a4, a2, n, a6);
        for (int i = 0; i < size; i++)
        {
            inner[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
        }

        Multiply(a6, inner, n, t);
        for (int i = 0; i < size; i++)
        {
            t[i] += b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
        }

        AddDiagonal(t, n, b[1]);
        Multiply(a, t, n, u);
        for (int i = 0; i < size; i++)
        {
            inner[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
        }

        Multiply(a6, inner, n, v);
        for (int i = 0; i < size; i++)
        {
            v[i] += b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
        }

        AddDiagonal(v, n, b[0]);
        SolvePade(u, v, n, result, s.Slice(7 * size, size));
    }

    /// <summary>Solves (V - U) X = (V + U) by Gaussian elimination with partial pivoting.</summary>
    private static void SolvePade(ReadOnlySpan<double> u, ReadOnlySpan<double> v, int n, Span<double> x, Span<double> lu)
    {
        int size = n * n;
        for (int i = 0; i < size; i++)
        {
            lu[i] = v[i] - u[i];
            x[i] = v[i] + u[i];
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            double best = Math.Abs(lu[col * n + col]);
            for (int r = col + 1; r < n; r++)
            {
                double m = Math.Abs(lu[r * n + col]);
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
                for (int j = 0; j < n; j++)
                {
                    (lu[col * n + j], lu[pivot * n + j]) = (lu[pivot * n + j], lu[col * n + j]);
                    (x[col * n + j], x[pivot * n + j]) = (x[pivot * n + j], x[col * n + j]);
                }
            }

            double diagonal = lu[col * n + col];
            for (int r = col + 1; r < n; r++)
            {
                double f = lu[r * n + col] / diagonal;
                if (f == 0)
                {
                    continue;
                }

                for (int j = col; j < n; j++)
                {
                    lu[r * n + j] -= f * lu[col * n + j];
                }

                for (int j = 0; j < n; j++)
                {
                    x[r * n + j] -= f * x[col * n + j];
                }
            }
        }

        for (int col = n - 1; col >= 0; col--)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = x[col * n + j];
                for (int k = col + 1; k < n; k++)
                {
                    sum -= lu[col * n + k] * x[k * n + j];
                }

                x[col * n + j] = sum / lu[col * n + col];
            }
        }
    }

    private static void SetIdentity(Span<double> m, int n)
    {
        m.Clear();
        for (int i = 0; i < n; i++)
        {
            m[i * n + i] = 1;
        }
    }

    private static void AddScaled(Span<double> target, double factor, ReadOnlySpan<double> m)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += factor * m[i];
        }
    }

    private static void AddDiagonal(Span<double> m, int n, double value)
    {
        for (int i = 0; i < n; i++)
        {
            m[i * n + i] += value;
        }
    }
}
