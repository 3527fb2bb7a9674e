using System.Numerics;
using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

public sealed class MatrixExponentialTests
{
    [Fact]
    public void Exponential_of_a_diagonal_matrix_is_the_exponential_of_its_entries()
    {
        var a = new ComplexMatrix(4);
        var values = new Complex[] { new(-3, 1), new(0.5, -2), new(-40, 7), new(1e-3, 0) };
        for (int i = 0; i < 4; i++)
        {
            a[i, i] = values[i];
        }

        var e = MatrixExponential.Exp(a);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Complex.Abs(e[i, i] - Complex.Exp(values[i])) < 1e-12 * Math.Max(1, Complex.Abs(Complex.Exp(values[i]))));
        }
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    [InlineData(250.0)]
    public void Exponential_of_a_generator_of_rotations_is_a_rotation(double theta)
    {
        var a = new ComplexMatrix(2);
        a[0, 1] = -theta;
        a[1, 0] = theta;
        var e = MatrixExponential.Exp(a);
        Assert.Equal(Math.Cos(theta), e[0, 0].Real, 11);
        Assert.Equal(-Math.Sin(theta), e[0, 1].Real, 11);
        Assert.Equal(Math.Sin(theta), e[1, 0].Real, 11);
        Assert.Equal(Math.Cos(theta), e[1, 1].Real, 11);
    }

    [Fact]
    public void Exponential_of_a_nilpotent_matrix_is_its_finite_series()
    {
        var a = new ComplexMatrix(3);
        a[0, 1] = new Complex(2, 1);
        a[1, 2] = 3;
        var e = MatrixExponential.Exp(a);
        // I + A + A^2/2, A^2[0,2] = (2+i) * 3.
        Assert.True(Complex.Abs(e[0, 1] - new Complex(2, 1)) < 1e-14);
        Assert.True(Complex.Abs(e[0, 2] - new Complex(3, 1.5)) < 1e-14);
        Assert.True(Complex.Abs(e[0, 0] - 1) < 1e-14);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.2)]
    [InlineData(1.5)]
    [InlineData(4.0)]
    [InlineData(60.0)]
    public void Exponential_agrees_with_a_long_taylor_series_with_squaring_at_every_scale(double scale)
    {
        var a = Sample(scale);
        var reference = TaylorWithSquaring(a);
        var e = MatrixExponential.Exp(a);
        double norm = reference.Norm1();
        Assert.True((e - reference).Norm1() < 1e-12 * norm, $"difference {(e - reference).Norm1()} at scale {scale}");
    }

    [Fact]
    public void Exponential_of_minus_a_inverts_exponential_of_a()
    {
        var a = Sample(30);
        var forward = MatrixExponential.Exp(a);
        var backward = MatrixExponential.Exp(new Complex(-1, 0) * a);
        // Relative to the conditioning ||e^A|| ||e^-A||: the product cannot be better than that.
        double bound = 1e-12 * forward.Norm1() * backward.Norm1();
        Assert.True(((forward * backward) - ComplexMatrix.Identity(4)).Norm1() < bound);
    }

    private static ComplexMatrix Sample(double scale)
    {
        // A fixed, non-normal, complex matrix (the kind a Liouvillian is).
        double[] re = [0.3, -1.2, 0.5, 0.1, 0.9, -0.4, 0.2, -0.7, -0.3, 0.8, -0.6, 0.4, 0.05, -0.2, 1.1, -0.9];
        double[] im = [0.1, 0.6, -0.8, 0.3, -0.5, 0.2, 0.7, 0.0, 0.4, -0.1, 0.3, -0.6, 0.9, 0.2, -0.4, 0.5];
        var m = new ComplexMatrix(4);
        for (int i = 0; i < 16; i++)
        {
            m[i / 4, i % 4] = new Complex(re[i], im[i]) * (scale / 2.5);
        }

        return m;
    }

    private static ComplexMatrix TaylorWithSquaring(ComplexMatrix a)
    {
        int s = Math.Max(0, (int)Math.Ceiling(Math.Log2(a.Norm1() / 0.05)));
        var x = new Complex(Math.Pow(2, -s), 0) * a;
        var sum = ComplexMatrix.Identity(4);
        var term = ComplexMatrix.Identity(4);
        for (int k = 1; k <= 30; k++)
        {
            term = new Complex(1.0 / k, 0) * (term * x);
            sum += term;
        }

        for (int i = 0; i < s; i++)
        {
            sum *= sum;
        }

        return sum;
    }
}
