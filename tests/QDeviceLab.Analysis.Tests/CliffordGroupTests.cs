using System.Numerics;
using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Analysis.Tests;

public sealed class CliffordGroupTests
{
    private static readonly int[] All = Enumerable.Range(0, OneQubitCliffords.Count).ToArray();

    [Fact]
    public void The_group_has_24_distinct_proper_rotations()
    {
        var rotations = All.Select(OneQubitCliffords.Rotation).ToArray();
        Assert.Equal(24, rotations.Distinct().Count());
        Assert.All(rotations, r => Assert.Equal(1, r.Determinant));
    }

    [Fact]
    public void Element_zero_is_the_identity_on_both_sides()
    {
        Assert.Equal(SignedPermutation.Identity, OneQubitCliffords.Rotation(OneQubitCliffords.Identity));
        foreach (var a in All)
        {
            Assert.Equal(a, OneQubitCliffords.Then(OneQubitCliffords.Identity, a));
            Assert.Equal(a, OneQubitCliffords.Then(a, OneQubitCliffords.Identity));
        }
    }

    [Fact]
    public void Every_element_composed_with_its_inverse_is_the_identity_in_either_order()
    {
        foreach (var a in All)
        {
            var inverse = OneQubitCliffords.Inverse(a);
            Assert.Equal(OneQubitCliffords.Identity, OneQubitCliffords.Then(a, inverse));
            Assert.Equal(OneQubitCliffords.Identity, OneQubitCliffords.Then(inverse, a));
            Assert.Equal(a, OneQubitCliffords.Inverse(inverse));
        }
    }

    [Fact]
    public void Each_row_and_column_of_the_multiplication_table_is_a_permutation_of_the_group()
    {
        foreach (var a in All)
        {
            Assert.Equal(All, All.Select(b => OneQubitCliffords.Then(a, b)).Order());
            Assert.Equal(All, All.Select(b => OneQubitCliffords.Then(b, a)).Order());
        }
    }

    [Fact]
    public void Composition_is_associative_for_every_triple()
    {
        foreach (var a in All)
        {
            foreach (var b in All)
            {
                foreach (var c in All)
                {
                    Assert.Equal(
                        OneQubitCliffords.Then(OneQubitCliffords.Then(a, b), c),
                        OneQubitCliffords.Then(a, OneQubitCliffords.Then(b, c)));
                }
            }
        }
    }

    [Fact]
    public void The_table_agrees_with_matrix_products_of_the_rotations()
    {
        foreach (var a in All)
        {
            foreach (var b in All)
            {
                var expected = OneQubitCliffords.Rotation(b).Times(OneQubitCliffords.Rotation(a));
                Assert.Equal(expected, OneQubitCliffords.Rotation(OneQubitCliffords.Then(a, b)));
            }
        }
    }

    [Fact]
    public void The_decompositions_average_exactly_45_over_24_pulses()
    {
        Assert.Equal(45, All.Sum(a => OneQubitCliffords.Pulses(a).Count));
        Assert.Equal(45.0 / 24.0, OneQubitCliffords.MeanPulsesPerClifford);
        Assert.Equal(1.875, OneQubitCliffords.MeanPulsesPerClifford);
    }

    [Fact]
    public void Each_decomposition_played_as_SU2_pulses_is_its_element()
    {
        // Independent of the signed-permutation arithmetic: multiply the pulses' SU(2) matrices
        // built from the same angle and I/Q phase the compiler plays, then read off the Bloch rotation.
        foreach (var a in All)
        {
            var u = Su2.Identity;
            foreach (var pulse in OneQubitCliffords.Pulses(a))
            {
                u = Su2.Rotation(pulse.Angle(), pulse.AxisPhase()) * u;
            }

            var expected = OneQubitCliffords.Rotation(a);
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    Assert.Equal(expected[i, j], u.BlochEntry(i, j), 12);
                }
            }
        }
    }

    [Theory]
    [InlineData(CliffordPulse.X90)]
    [InlineData(CliffordPulse.Y90)]
    [InlineData(CliffordPulse.X180)]
    [InlineData(CliffordPulse.Y180)]
    public void A_named_gate_maps_to_the_Clifford_that_is_that_single_pulse(CliffordPulse gate)
    {
        Assert.Equal([gate], OneQubitCliffords.Pulses(OneQubitCliffords.Of(gate)));
    }

    [Fact]
    public void Indices_outside_the_group_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OneQubitCliffords.Then(24, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneQubitCliffords.Inverse(-1));
    }

    [Fact]
    public void A_quarter_turn_about_x_takes_y_to_z_and_z_to_minus_y()
    {
        var rx = SignedPermutation.QuarterTurnAboutX;
        Assert.Equal((0, 0, 1), rx.Apply(0, 1, 0));
        Assert.Equal((0, -1, 0), rx.Apply(0, 0, 1));
        Assert.Equal(SignedPermutation.Identity, rx.Then(rx).Then(rx).Then(rx));
        Assert.Equal(SignedPermutation.Identity, rx.Then(rx.Inverse));
    }

    /// <summary>2x2 unitary, just enough to check the decompositions.</summary>
    private readonly record struct Su2(Complex A, Complex B, Complex C, Complex D)
    {
        public static Su2 Identity => new(1, 0, 0, 1);

        /// <summary>exp(-i angle/2 (cos phi sx + sin phi sy)): the drive H = rabi/2 (V_I sx + V_Q sy).</summary>
        public static Su2 Rotation(double angle, double phase)
        {
            var c = Math.Cos(angle / 2);
            var s = Math.Sin(angle / 2);
            var offDiagonal = new Complex(0, -s) * Complex.Exp(new Complex(0, -phase));
            var offDiagonalLower = new Complex(0, -s) * Complex.Exp(new Complex(0, phase));
            return new Su2(c, offDiagonal, offDiagonalLower, c);
        }

        public static Su2 operator *(Su2 l, Su2 r) => new(
            (l.A * r.A) + (l.B * r.C), (l.A * r.B) + (l.B * r.D),
            (l.C * r.A) + (l.D * r.C), (l.C * r.B) + (l.D * r.D));

        private Su2 Dagger => new(Complex.Conjugate(A), Complex.Conjugate(C), Complex.Conjugate(B), Complex.Conjugate(D));

        /// <summary>R_ij = Tr(sigma_i U sigma_j U^dagger)/2.</summary>
        public double BlochEntry(int i, int j)
        {
            var m = Pauli(i) * this * Pauli(j) * Dagger;
            return ((m.A + m.D) / 2).Real;
        }

        private static Su2 Pauli(int axis) => axis switch
        {
            0 => new(0, 1, 1, 0),
            1 => new(0, new Complex(0, -1), new Complex(0, 1), 0),
            _ => new(1, 0, 0, -1),
        };
    }
}
