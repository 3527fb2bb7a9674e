using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// A small dense square complex matrix (row-major). Only what the Liouvillian propagators
/// need: products, sums, 1-norm, a linear solve and an accurate exponential.
/// </summary>
internal sealed class ComplexMatrix
{
    private readonly Complex[] _a;

    public ComplexMatrix(int size)
    {
        Size = size;
        _a = new Complex[size * size];
    }

    public int Size { get; }

    public Complex this[int row, int column]
    {
        get => _a[row * Size + column];
        set => _a[row * Size + column] = value;
    }

    public static ComplexMatrix Identity(int size)
    {
        var m = new ComplexMatrix(size);
        for (int i = 0; i < size; i++)
        {
            m[i, i] = Complex.One;
        }

        return m;
    }

    public ComplexMatrix Clone()
    {
        var m = new ComplexMatrix(Size);
        Array.Copy(_a, m._a, _a.Length);
        return m;
    }

    public static ComplexMatrix operator *(ComplexMatrix x, ComplexMatrix y)
    {
        int n = x.Size;
        var r = new ComplexMatrix(n);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                Complex xik = x._a[i * n + k];
                if (xik == Complex.Zero)
                {
                    continue;
                }

                for (int j = 0; j < n; j++)
                {
                    r._a[i * n + j] += xik * y._a[k * n + j];
                }
            }
        }

        return r;
    }

    public static ComplexMatrix operator +(ComplexMatrix x, ComplexMatrix y)
    {
        var r = new ComplexMatrix(x.Size);
        for (int i = 0; i < r._a.Length; i++)
        {
            r._a[i] = x._a[i] + y._a[i];
        }

        return r;
    }

    public static ComplexMatrix operator -(ComplexMatrix x, ComplexMatrix y)
    {
        var r = new ComplexMatrix(x.Size);
        for (int i = 0; i < r._a.Length; i++)
        {
            r._a[i] = x._a[i] - y._a[i];
        }

        return r;
    }

    public static ComplexMatrix operator *(Complex s, ComplexMatrix x)
    {
        var r = new ComplexMatrix(x.Size);
        for (int i = 0; i < r._a.Length; i++)
        {
            r._a[i] = s * x._a[i];
        }

        return r;
    }

    /// <summary>Matrix-vector product y = M x.</summary>
    public void Apply(ReadOnlySpan<Complex> x, Span<Complex> y)
    {
        int n = Size;
        for (int i = 0; i < n; i++)
        {
            Complex s = Complex.Zero;
            for (int j = 0; j < n; j++)
            {
                s += _a[i * n + j] * x[j];
            }

            y[i] = s;
        }
    }

    /// <summary>Induced 1-norm (largest absolute column sum).</summary>
    public double Norm1()
    {
        int n = Size;
        double best = 0;
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += Complex.Abs(_a[i * n + j]);
            }

            best = Math.Max(best, s);
        }

        return best;
    }

    /// <summary>Solves A X = B by Gaussian elimination with partial pivoting.</summary>
    public static ComplexMatrix Solve(ComplexMatrix a, ComplexMatrix b)
    {
        int n = a.Size;
        var lu = a.Clone();
        var x = b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            double best = Complex.Abs(lu[col, col]);
            for (int r = col + 1; r < n; r++)
            {
                double v = Complex.Abs(lu[r, col]);
                if (v > best)
                {
                    best = v;
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
                    (lu[col, j], lu[pivot, j]) = (lu[pivot, j], lu[col, j]);
                    (x[col, j], x[pivot, j]) = (x[pivot, j], x[col, j]);
                }
            }

            for (int r = col + 1; r < n; r++)
            {
                Complex f = lu[r, col] / lu[col, col];
                if (f == Complex.Zero)
                {
                    continue;
                }

                for (int j = col; j < n; j++)
                {
                    lu[r, j] -= f * lu[col, j];
                }

                for (int j = 0; j < n; j++)
                {
                    x[r, j] -= f * x[col, j];
                }
            }
        }

        for (int col = n - 1; col >= 0; col--)
        {
            for (int j = 0; j < n; j++)
            {
                Complex s = x[col, j];
                for (int k = col + 1; k < n; k++)
                {
                    s -= lu[col, k] * x[k, j];
                }

                x[col, j] = s / lu[col, col];
            }
        }

        return x;
    }
}
