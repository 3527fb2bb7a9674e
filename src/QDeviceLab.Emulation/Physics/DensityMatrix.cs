using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// A one-qubit density matrix in the basis (|0>, |1>), |1> excited. Stored as the row-major
/// vectorisation (rho00, rho01, rho10, rho11) that the Liouvillian acts on.
/// </summary>
internal readonly record struct DensityMatrix(Complex Rho00, Complex Rho01, Complex Rho10, Complex Rho11)
{
    public static DensityMatrix Ground => new(Complex.One, Complex.Zero, Complex.Zero, Complex.Zero);

    public static DensityMatrix Excited => new(Complex.Zero, Complex.Zero, Complex.Zero, Complex.One);

    /// <summary>Diagonal state with the given excited population.</summary>
    public static DensityMatrix Mixed(double excitedPopulation) =>
        new(new Complex(1 - excitedPopulation, 0), Complex.Zero, Complex.Zero, new Complex(excitedPopulation, 0));

    /// <summary>Pure state a|0> + b|1> (normalised by the caller).</summary>
    public static DensityMatrix Pure(Complex a, Complex b) =>
        new(a * Complex.Conjugate(a), a * Complex.Conjugate(b), b * Complex.Conjugate(a), b * Complex.Conjugate(b));

    public double ExcitedPopulation => Rho11.Real;

    public Complex Trace => Rho00 + Rho11;

    public void CopyTo(Span<Complex> v)
    {
        v[0] = Rho00;
        v[1] = Rho01;
        v[2] = Rho10;
        v[3] = Rho11;
    }

    public static DensityMatrix From(ReadOnlySpan<Complex> v) => new(v[0], v[1], v[2], v[3]);

    /// <summary>Smallest eigenvalue of the Hermitian part (positivity check).</summary>
    public double MinimumEigenvalue()
    {
        double a = Rho00.Real;
        double d = Rho11.Real;
        Complex off = (Rho01 + Complex.Conjugate(Rho10)) / 2;
        double mean = (a + d) / 2;
        double radius = Math.Sqrt(((a - d) / 2) * ((a - d) / 2) + off.Magnitude * off.Magnitude);
        return mean - radius;
    }
}
