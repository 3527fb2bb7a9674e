using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Matrix exponential by scaling and squaring with the degree-13 Pade approximant
/// (Higham, "The scaling and squaring method for the matrix exponential revisited",
/// SIAM J. Matrix Anal. Appl. 26 (2005) 1179), the algorithm behind MATLAB's and SciPy's expm.
/// Lower Pade degrees are used when the 1-norm is small enough for them to be exact to
/// double precision.
/// </summary>
internal static class MatrixExponential
{
    private static readonly double[] Pade13 =
    [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
        129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920,
        40840800, 960960, 16380, 182, 1,
    ];

    private static readonly double[] Pade3 = [120, 60, 12, 1];
    private static readonly double[] Pade5 = [30240, 15120, 3360, 420, 30, 1];
    private static readonly double[] Pade7 = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1];
    private static readonly double[] Pade9 =
        [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1];

    // theta_m: largest 1-norm for which the degree-m approximant has backward error <= 2^-53.
    private const double Theta3 = 1.495585217958292e-2;
    private const double Theta5 = 2.539398330063230e-1;
    private const double Theta7 = 9.504178996162932e-1;
    private const double Theta9 = 2.097847961257068e0;
    private const double Theta13 = 5.371920351148152e0;

    public static ComplexMatrix Exp(ComplexMatrix a)
    {
        double norm = a.Norm1();
        if (double.IsNaN(norm) || double.IsInfinity(norm))
        {
            throw new ArgumentException("Matrix exponential of a non-finite matrix.", nameof(a));
        }

        if (norm <= Theta3)
        {
            return LowDegree(a, Pade3);
        }

        if (norm <= Theta5)
        {
            return LowDegree(a, Pade5);
        }

        if (norm <= Theta7)
        {
            return LowDegree(a, Pade7);
        }

        if (norm <= Theta9)
        {
            return LowDegree(a, Pade9);
        }

        int s = Math.Max(0, (int)Math.Ceiling(Math.Log2(norm / Theta13)));
        var scaled = new Complex(Math.Pow(2, -s), 0) * a;
        var r = Degree13(scaled);
        for (int i = 0; i < s; i++)
        {
            r *= r;
        }

        return r;
    }

    private static ComplexMatrix LowDegree(ComplexMatrix a, double[] b)
    {
        int n = a.Size;
        var identity = ComplexMatrix.Identity(n);
        var a2 = a * a;
        // Split into even (V) and odd (U) powers: U = A * sum b[2k+1] A^(2k), V = sum b[2k] A^(2k).
        var power = identity;
        var uSum = new ComplexMatrix(n);
        var v = new ComplexMatrix(n);
        for (int k = 0; 2 * k < b.Length; k++)
        {
            v += new Complex(b[2 * k], 0) * power;
            if (2 * k + 1 < b.Length)
            {
                uSum += new Complex(b[2 * k + 1], 0) * power;
            }

            power *= a2;
        }

        var u = a * uSum;
        return ComplexMatrix.Solve(v - u, v + u);
    }

    private static ComplexMatrix Degree13(ComplexMatrix a)
    {
        int n = a.Size;
        var b = Pade13;
        var id = ComplexMatrix.Identity(n);
        var a2 = a * a;
        var a4 = a2 * a2;
        var a6 = a4 * a2;
        static Complex C(double x) => new(x, 0);
        var u = a * ((a6 * (C(b[13]) * a6 + C(b[11]) * a4 + C(b[9]) * a2))
                     + C(b[7]) * a6 + C(b[5]) * a4 + C(b[3]) * a2 + C(b[1]) * id);
        var v = (a6 * (C(b[12]) * a6 + C(b[10]) * a4 + C(b[8]) * a2))
                + C(b[6]) * a6 + C(b[4]) * a4 + C(b[2]) * a2 + C(b[0]) * id;
        return ComplexMatrix.Solve(v - u, v + u);
    }
}
