using System.Numerics;
using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Analysis.Tests;

/// <summary>
/// The two-qubit Clifford group checked against 4x4 unitaries built independently from the
/// native gates' matrices: conjugation of the Pauli generators fixes a unitary up to global phase.
/// </summary>
public sealed class TwoQubitCliffordTests
{
    private static readonly int[] All = Enumerable.Range(0, TwoQubitCliffords.Count).ToArray();

    [Fact]
    public void The_group_has_11520_elements_closed_under_composition_with_the_native_gates()
    {
        NativeGate[] natives = [new(NativeGateKind.X90, 0), new(NativeGateKind.Y90, 0), new(NativeGateKind.X90, 1), new(NativeGateKind.Y90, 1), new(NativeGateKind.VirtualZ, 1, 1), NativeGate.ControlledZ];
        var images = new HashSet<string>();
        foreach (var e in All)
        {
            Assert.True(images.Add(string.Join(",", TwoQubitCliffords.PauliImages(e))), $"element {e} repeats another's action");
            foreach (var gate in natives)
            {
                var product = TwoQubitCliffords.Then(e, TwoQubitCliffords.Of([gate]));
                Assert.InRange(product, 0, TwoQubitCliffords.Count - 1);
            }
        }

        Assert.Equal(11_520, images.Count);
        Assert.Equal(["+XI", "+ZI", "+IX", "+IZ"], TwoQubitCliffords.PauliImages(TwoQubitCliffords.Identity));
    }

    [Fact]
    public void Composition_is_associative_and_matches_the_product_of_unitaries()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 300; trial++)
        {
            var (a, b, c) = (random.Next(TwoQubitCliffords.Count), random.Next(TwoQubitCliffords.Count), random.Next(TwoQubitCliffords.Count));
            Assert.Equal(TwoQubitCliffords.Then(TwoQubitCliffords.Then(a, b), c), TwoQubitCliffords.Then(a, TwoQubitCliffords.Then(b, c)));
            var product = Multiply(UnitaryOf(TwoQubitCliffords.Decomposition(b)), UnitaryOf(TwoQubitCliffords.Decomposition(a)));
            AssertActsLike(TwoQubitCliffords.Then(a, b), product);
        }
    }

    [Fact]
    public void Every_element_composed_with_its_inverse_is_the_identity_in_either_order()
    {
        foreach (var e in All)
        {
            var inverse = TwoQubitCliffords.Inverse(e);
            Assert.Equal(TwoQubitCliffords.Identity, TwoQubitCliffords.Then(e, inverse));
            Assert.Equal(TwoQubitCliffords.Identity, TwoQubitCliffords.Then(inverse, e));
        }
    }

    [Fact]
    public void Every_decomposition_into_X90_Y90_virtual_Z_and_CZ_is_the_element_up_to_global_phase()
    {
        foreach (var e in All)
        {
            var gates = TwoQubitCliffords.Decomposition(e);
            Assert.All(gates, g => Assert.True(g.Kind is NativeGateKind.ControlledZ || g.Qubit is 0 or 1));
            Assert.Equal(TwoQubitCliffords.ControlledZCount(e), gates.Count(g => g.Kind == NativeGateKind.ControlledZ));
            AssertActsLike(e, UnitaryOf(gates));
        }
    }

    [Fact]
    public void The_four_classes_have_the_textbook_sizes_and_CZ_counts_averaging_one_and_a_half()
    {
        var sizes = All.GroupBy(TwoQubitCliffords.Class).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(576, sizes[TwoQubitCliffordClass.SingleQubitLike]);
        Assert.Equal(5184, sizes[TwoQubitCliffordClass.CnotLike]);
        Assert.Equal(5184, sizes[TwoQubitCliffordClass.IswapLike]);
        Assert.Equal(576, sizes[TwoQubitCliffordClass.SwapLike]);
        Assert.Equal(1.5, TwoQubitCliffords.MeanControlledZPerClifford, 12);
        Assert.Equal(TwoQubitCliffordClass.CnotLike, TwoQubitCliffords.Class(TwoQubitCliffords.Of([NativeGate.ControlledZ])));
        var x90 = OneQubitCliffords.Of(CliffordPulse.X90);
        Assert.Equal(TwoQubitCliffordClass.SingleQubitLike, TwoQubitCliffords.Class(TwoQubitCliffords.SingleQubitLayer(x90, OneQubitCliffords.Identity)));
        Assert.InRange(TwoQubitCliffords.MeanPulsesPerClifford, 2.0, 5.0);
    }

    [Fact]
    public void Uniform_sampling_hits_each_class_in_proportion_to_its_size()
    {
        var random = new Random(20261129);
        const int N = 115_200;
        var counts = new int[4];
        for (var k = 0; k < N; k++)
        {
            counts[(int)TwoQubitCliffords.Class(TwoQubitCliffords.Sample(random))]++;
        }

        double[] fractions = [576 / 11520.0, 5184 / 11520.0, 5184 / 11520.0, 576 / 11520.0];
        var chiSquare = counts.Select((c, i) => Math.Pow(c - (N * fractions[i]), 2) / (N * fractions[i])).Sum();
        Assert.True(chiSquare < 16.27, $"chi-square {chiSquare:F2} with 3 degrees of freedom (p < 0.001 above 16.27); counts {string.Join(", ", counts)}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(250)]
    public void A_sequence_followed_by_its_recovery_is_the_identity(int length)
    {
        var generator = new TwoQubitRbSequenceGenerator(length + 1);
        var cz = TwoQubitCliffords.Of([NativeGate.ControlledZ]);
        foreach (var interleaved in new int?[] { null, cz })
        {
            var sequence = generator.Next(length, interleaved);
            Assert.Equal(length, sequence.Length);
            Assert.Equal(TwoQubitCliffords.Identity, sequence.Played().Aggregate(TwoQubitCliffords.Identity, TwoQubitCliffords.Then));
        }
    }

    [Fact]
    public void Indices_outside_the_group_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoQubitCliffords.Inverse(11_520));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoQubitCliffords.Then(-1, 0));
        Assert.Throws<ArgumentException>(() => TwoQubitCliffords.Of([new NativeGate(NativeGateKind.X90, 2)]));
    }

    private static void AssertActsLike(int element, Complex[,] u)
    {
        var images = TwoQubitCliffords.PauliImages(element);
        for (var g = 0; g < 4; g++)
        {
            var conjugated = Multiply(Multiply(u, Generators[g]), Dagger(u));
            var expected = PauliOf(images[g]);
            for (var i = 0; i < 4; i++)
            {
                for (var j = 0; j < 4; j++)
                {
                    Assert.True(Complex.Abs(conjugated[i, j] - expected[i, j]) < 1e-9, $"element {element}: U P{g} U† differs from {images[g]} at ({i},{j})");
                }
            }
        }
    }

    private static readonly Complex[,] Id = { { 1, 0 }, { 0, 1 } };
    private static readonly Complex[,] PauliX = { { 0, 1 }, { 1, 0 } };
    private static readonly Complex[,] PauliY = { { 0, -Complex.ImaginaryOne }, { Complex.ImaginaryOne, 0 } };
    private static readonly Complex[,] PauliZ = { { 1, 0 }, { 0, -1 } };
    private static readonly Complex[][,] Generators = [Kron(PauliX, Id), Kron(PauliZ, Id), Kron(Id, PauliX), Kron(Id, PauliZ)];

    private static Complex[,] PauliOf(string image)
    {
        Complex[,] Letter(char c) => c switch { 'X' => PauliX, 'Y' => PauliY, 'Z' => PauliZ, _ => Id };
        var p = Kron(Letter(image[1]), Letter(image[2]));
        return image[0] == '-' ? Scale(p, -1) : p;
    }

    /// <summary>The unitary of native gates in time order, from their textbook matrices.</summary>
    private static Complex[,] UnitaryOf(IEnumerable<NativeGate> gates)
    {
        var u = Kron(Id, Id);
        foreach (var gate in gates)
        {
            u = Multiply(GateMatrices.GetOrAdd(gate, MatrixOf), u);
        }

        return u;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<NativeGate, Complex[,]> GateMatrices = new();

    private static Complex[,] MatrixOf(NativeGate gate)
    {
        var s = 1 / Math.Sqrt(2);
        Complex[,] one = gate.Kind switch
        {
            NativeGateKind.X90 => new Complex[,] { { s, -Complex.ImaginaryOne * s }, { -Complex.ImaginaryOne * s, s } },
            NativeGateKind.Y90 => new Complex[,] { { s, -s }, { s, s } },
            NativeGateKind.VirtualZ => new Complex[,] { { Complex.FromPolarCoordinates(1, -gate.QuarterTurns * Math.PI / 4), 0 }, { 0, Complex.FromPolarCoordinates(1, gate.QuarterTurns * Math.PI / 4) } },
            _ => Id,
        };
        return gate.Kind == NativeGateKind.ControlledZ
            ? new Complex[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, -1 } }
            : gate.Qubit == 0 ? Kron(one, Id) : Kron(Id, one);
    }

    private static Complex[,] Kron(Complex[,] a, Complex[,] b)
    {
        var r = new Complex[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                r[i, j] = a[i / 2, j / 2] * b[i % 2, j % 2];
            }
        }

        return r;
    }

    private static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        var r = new Complex[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                Complex sum = 0;
                for (var k = 0; k < 4; k++)
                {
                    sum += a[i, k] * b[k, j];
                }

                r[i, j] = sum;
            }
        }

        return r;
    }

    private static Complex[,] Dagger(Complex[,] a)
    {
        var r = new Complex[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                r[i, j] = Complex.Conjugate(a[j, i]);
            }
        }

        return r;
    }

    private static Complex[,] Scale(Complex[,] a, Complex factor)
    {
        var r = new Complex[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                r[i, j] = a[i, j] * factor;
            }
        }

        return r;
    }
}
