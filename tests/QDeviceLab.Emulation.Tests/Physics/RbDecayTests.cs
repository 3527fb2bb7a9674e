using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Tests.Physics;

/// <summary>The exact RB decay of gate-dependent Clifford channels, checked on noise whose p is known in closed form.</summary>
public sealed class RbDecayTests
{
    /// <summary>The 24 one-qubit Cliffords as PTMs (t, x, y, z): every signed 3x3 permutation of determinant +1.</summary>
    internal static List<double[]> Cliffords()
    {
        int[][] permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        var group = new List<double[]>();
        foreach (var perm in permutations)
        {
            for (var signs = 0; signs < 8; signs++)
            {
                var g = new double[16];
                g[0] = 1;
                for (var i = 0; i < 3; i++)
                {
                    g[(4 * (i + 1)) + perm[i] + 1] = ((signs >> i) & 1) == 0 ? 1 : -1;
                }

                if (Det3(g) > 0)
                {
                    group.Add(g);
                }
            }
        }

        return group;
    }

    [Fact]
    public void The_group_has_24_elements_and_each_is_its_own_nearest_Clifford()
    {
        var group = Cliffords();
        Assert.Equal(24, group.Count);
        Assert.All(group, g => Assert.Equal(g, RbDecay.NearestClifford(g)));
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.9)]
    [InlineData(0.5)]
    public void Depolarizing_noise_after_every_Clifford_decays_with_its_own_parameter(double lambda)
    {
        var ideal = Cliffords();
        var noisy = ideal.Select(g => Times(Depolarizing(lambda), g)).ToList();

        var p = RbDecay.DecayParameter(noisy, ideal);

        Assert.Equal(lambda, p, 12);
        // The same p is an eigenvalue of the full 16x16 map (1/24) sum Lambda (x) G, with eigenvector vec of
        // the unital projector diag(0, 1, 1, 1); and vec of e0 e0^T has eigenvalue 1.
        var t = RbDecay.Superoperator(noisy, ideal);
        AssertEigen(t, Vec(0, 1, 1, 1), lambda);
        AssertEigen(t, Vec(1, 0, 0, 0), 1.0);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.3)]
    public void A_gate_independent_z_rotation_gives_p_of_one_third_of_its_trace(double theta)
    {
        var ideal = Cliffords();
        var rotation = new double[16];
        rotation[0] = 1;
        rotation[5] = Math.Cos(theta);
        rotation[6] = -Math.Sin(theta);
        rotation[9] = Math.Sin(theta);
        rotation[10] = Math.Cos(theta);
        rotation[15] = 1;
        var noisy = ideal.Select(g => Times(rotation, g)).ToList();

        Assert.Equal((1 + (2 * Math.Cos(theta))) / 3, RbDecay.DecayParameter(noisy, ideal), 12);
    }

    [Fact]
    public void Amplitude_damping_enters_p_through_its_unital_part_only()
    {
        // Amplitude damping with decay gamma: x, y scale by sqrt(1-gamma), z by (1-gamma), plus z offset gamma.
        var gamma = 0.02;
        var damping = new double[16];
        damping[0] = 1;
        damping[5] = damping[10] = Math.Sqrt(1 - gamma);
        damping[15] = 1 - gamma;
        damping[12] = gamma;
        var ideal = Cliffords();
        var noisy = ideal.Select(g => Times(damping, g)).ToList();

        var p = RbDecay.DecayParameter(noisy, ideal);

        Assert.Equal(((2 * Math.Sqrt(1 - gamma)) + 1 - gamma) / 3, p, 12);
        AssertEigen(RbDecay.Superoperator(noisy, ideal), null, p);
    }

    [Fact]
    public void A_channel_far_from_any_Clifford_is_refused()
    {
        var half = new double[16];
        half[0] = 1;
        half[5] = half[6] = half[9] = half[15] = Math.Sqrt(0.5);
        half[10] = -Math.Sqrt(0.5);
        Assert.Throws<ArgumentException>(() => RbDecay.NearestClifford(half));
    }

    private static double[] Depolarizing(double lambda)
    {
        var d = new double[16];
        d[0] = 1;
        d[5] = d[10] = d[15] = lambda;
        return d;
    }

    private static double[] Times(double[] a, double[] b)
    {
        var c = new double[16];
        for (var i = 0; i < 4; i++)
        for (var j = 0; j < 4; j++)
        for (var k = 0; k < 4; k++)
        {
            c[(4 * i) + j] += a[(4 * i) + k] * b[(4 * k) + j];
        }

        return c;
    }

    private static double[] Vec(params double[] diagonal)
    {
        var v = new double[16];
        for (var i = 0; i < 4; i++)
        {
            v[5 * i] = diagonal[i];
        }

        return v;
    }

    /// <summary>T v = value v for the given v; with no v, that value is an eigenvalue of T (det(T - value I) ~ 0 via inverse iteration's residual).</summary>
    private static void AssertEigen(double[] t, double[]? v, double value)
    {
        if (v is not null)
        {
            for (var r = 0; r < 16; r++)
            {
                var s = 0.0;
                for (var c = 0; c < 16; c++)
                {
                    s += t[(16 * r) + c] * v[c];
                }

                Assert.Equal(value * v[r], s, 12);
            }

            return;
        }

        // Power iteration on T restricted to the columns 1-3 of X (x0 = 0): converges to the dominant eigenvalue there.
        var x = new double[16];
        for (var i = 0; i < 16; i++)
        {
            x[i] = i % 4 == 0 ? 0 : 1.0 / (i + 1);
        }

        var estimate = 0.0;
        for (var step = 0; step < 500; step++)
        {
            var y = new double[16];
            for (var r = 0; r < 16; r++)
            {
                for (var c = 0; c < 16; c++)
                {
                    y[r] += t[(16 * r) + c] * x[c];
                }
            }

            var norm = Math.Sqrt(y.Sum(e => e * e));
            estimate = x.Zip(y, (a, b) => a * b).Sum() / x.Sum(e => e * e);
            x = [.. y.Select(e => e / norm)];
        }

        Assert.Equal(value, estimate, 10);
    }

    private static double Det3(double[] m) =>
        (m[5] * ((m[10] * m[15]) - (m[11] * m[14])))
        - (m[6] * ((m[9] * m[15]) - (m[11] * m[13])))
        + (m[7] * ((m[9] * m[14]) - (m[10] * m[13])));
}
