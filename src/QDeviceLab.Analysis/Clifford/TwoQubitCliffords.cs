namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// The 11,520-element two-qubit Clifford group, indexed 0..11519 (0 is the identity), each element a
/// tableau (<see cref="TwoQubitTableau"/>: its action on X0, Z0, X1, Z1 with signs), enumerated once
/// from the native gates, with composition, inverses, uniform sampling, and a decomposition of every
/// element into X90, Y90 and virtual Z on either qubit and CZ with the fewest CZs.
/// </summary>
/// <remarks>
/// <para>The index is dense: 720 symplectic matrices (Sp(4,2), the action up to signs) times 16 sign
/// patterns (the Pauli group modulo phases), index = symplectic number x 16 + signs, so a composed
/// tableau finds its index with one table lookup.</para>
/// <para>Decompositions: every element is (single-qubit layer) CZ (single-qubit layer) ... with k CZs;
/// a breadth-first search over right cosets of the single-qubit group (576 elements = 24 x 24) finds
/// the fewest. The four classes of the literature (Barends et al., Nature 508, 500 (2014); Corcoles
/// et al., PRA 87, 030301 (2013)) come out as the CZ counts: single-qubit-like 576 (0 CZ), CNOT-like
/// 5,184 (1), iSWAP-like 5,184 (2), SWAP-like 576 (3): 1.5 CZs per Clifford on average. Single-qubit
/// layers use each one-qubit Clifford's shortest X90/Y90 string with virtual Zs between (at most two
/// pulses).</para>
/// </remarks>
public static class TwoQubitCliffords
{
    public const int Count = 11_520;

    public const int Identity = 0;

    /// <summary>Single-qubit layers a (x) b: 24 x 24.</summary>
    public const int SingleQubitLayers = OneQubitCliffords.Count * OneQubitCliffords.Count;

    private const int SignPatterns = 16;
    private const int SymplecticCount = Count / SignPatterns;

    private static readonly short[] SymplecticNumber = new short[1 << 16];
    private static readonly TwoQubitTableau[] Elements = new TwoQubitTableau[Count];
    private static readonly ushort[] Inverses = new ushort[Count];
    private static readonly ushort[] Parents = new ushort[Count];
    private static readonly ushort[] LastLayers = new ushort[Count];
    private static readonly byte[] ControlledZCounts = new byte[Count];
    private static readonly TwoQubitTableau[] Layers = new TwoQubitTableau[SingleQubitLayers];
    private static readonly NativeGate[][] OneQubitNative = new NativeGate[OneQubitCliffords.Count][];

    static TwoQubitCliffords()
    {
        Enumerate();
        for (var c = 0; c < OneQubitCliffords.Count; c++)
        {
            OneQubitNative[c] = ShortestNative(OneQubitTableau(c, 0));
        }

        for (var a = 0; a < OneQubitCliffords.Count; a++)
        {
            for (var b = 0; b < OneQubitCliffords.Count; b++)
            {
                Layers[(a * OneQubitCliffords.Count) + b] = OneQubitTableau(a, 0).Then(OneQubitTableau(b, 1));
            }
        }

        Decompose();
        for (var e = 0; e < Count; e++)
        {
            var inverse = TwoQubitTableau.Identity;
            var gates = Decomposition(e);
            for (var g = gates.Count - 1; g >= 0; g--)
            {
                inverse = inverse.Then(InverseOf(gates[g]));
            }

            Inverses[e] = (ushort)IndexOf(inverse);
            if (IndexOf(Elements[e].Then(inverse)) != Identity)
            {
                throw new InvalidOperationException($"two-qubit Clifford {e}: the reversed decomposition is not its inverse");
            }
        }

        MeanControlledZPerClifford = ControlledZCounts.Sum(c => (double)c) / Count;
        MeanPulsesPerClifford = Enumerable.Range(0, Count).Average(e => Decomposition(e).Count(g => g.IsPhysicalPulse));
    }

    /// <summary>Mean number of CZs in the decompositions over the group: 1.5.</summary>
    public static double MeanControlledZPerClifford { get; }

    /// <summary>Mean number of X90/Y90 pulses (on both qubits together) in the decompositions.</summary>
    public static double MeanPulsesPerClifford { get; }

    /// <summary>Clifford <paramref name="first"/> followed by <paramref name="second"/> (as an operator: second * first).</summary>
    public static int Then(int first, int second)
    {
        Check(first);
        Check(second);
        return IndexOf(Elements[first].Then(Elements[second]));
    }

    public static int Inverse(int element)
    {
        Check(element);
        return Inverses[element];
    }

    /// <summary>A uniformly random element.</summary>
    public static int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(Count);
    }

    /// <summary>The class the element belongs to, by the fewest CZs it needs.</summary>
    public static TwoQubitCliffordClass Class(int element) => (TwoQubitCliffordClass)ControlledZCount(element);

    public static int ControlledZCount(int element)
    {
        Check(element);
        return ControlledZCounts[element];
    }

    /// <summary>The element that is one-qubit Clifford <paramref name="onQubit0"/> on qubit 0 and <paramref name="onQubit1"/> on qubit 1.</summary>
    public static int SingleQubitLayer(int onQubit0, int onQubit1)
    {
        _ = OneQubitCliffords.Inverse(onQubit0);
        _ = OneQubitCliffords.Inverse(onQubit1);
        return IndexOf(Layers[(onQubit0 * OneQubitCliffords.Count) + onQubit1]);
    }

    /// <summary>The element a list of native gates (time order) implements, e.g. CZ to interleave it.</summary>
    public static int Of(IEnumerable<NativeGate> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var tableau = TwoQubitTableau.Identity;
        foreach (var gate in gates)
        {
            if (gate.Kind != NativeGateKind.ControlledZ && gate.Qubit is not (0 or 1))
            {
                throw new ArgumentException($"{gate.Kind} acts on qubit 0 or 1, not {gate.Qubit}", nameof(gates));
            }

            tableau = tableau.Then(gate.Tableau);
        }

        return IndexOf(tableau);
    }

    /// <summary>
    /// One-qubit Clifford <paramref name="clifford"/> (index of <see cref="OneQubitCliffords"/>) as its
    /// shortest X90/Y90 string with virtual Zs between, on qubit 0: at most two pulses, none for the
    /// four z rotations (the identity included).
    /// </summary>
    public static IReadOnlyList<NativeGate> OneQubitDecomposition(int clifford)
    {
        _ = OneQubitCliffords.Inverse(clifford); // validates the index
        return OneQubitNative[clifford];
    }

    /// <summary>The element's native gates in time order, with the fewest CZs.</summary>
    public static IReadOnlyList<NativeGate> Decomposition(int element)
    {
        Check(element);
        var gates = new List<NativeGate>();
        Append(element, gates);
        return gates;
    }

    /// <summary>
    /// The element's action on a Pauli: the images of X0, Z0, X1, Z1 as strings such as "+XZ" (X on
    /// qubit 0, Z on qubit 1) or "-IY", for checks against unitaries and for people.
    /// </summary>
    public static IReadOnlyList<string> PauliImages(int element)
    {
        Check(element);
        var t = Elements[element];
        return [Describe(t.ImageX0), Describe(t.ImageZ0), Describe(t.ImageX1), Describe(t.ImageZ1)];
    }

    /// <summary>Unchecked composition for hot loops whose indices are known to be valid.</summary>
    internal static int ThenUnchecked(int first, int second) => IndexOf(Elements[first].Then(Elements[second]));

    internal static int InverseUnchecked(int element) => Inverses[element];

    internal static TwoQubitTableau Tableau(int element) => Elements[element];

    internal static int IndexOf(TwoQubitTableau tableau)
    {
        var number = SymplecticNumber[tableau.SymplecticBits];
        if (number < 0)
        {
            throw new InvalidOperationException("not a two-qubit Clifford tableau");
        }

        return (number * SignPatterns) + tableau.SignBits;
    }

    private static void Enumerate()
    {
        Array.Fill(SymplecticNumber, (short)-1);
        TwoQubitTableau[] generators = [TwoQubitTableau.X90(0), TwoQubitTableau.Y90(0), TwoQubitTableau.X90(1), TwoQubitTableau.Y90(1), TwoQubitTableau.ControlledZ];
        var found = new bool[Count];
        var symplectics = 0;
        var queue = new Queue<TwoQubitTableau>([TwoQubitTableau.Identity]);
        Add(TwoQubitTableau.Identity);
        while (queue.TryDequeue(out var element))
        {
            foreach (var generator in generators)
            {
                var next = element.Then(generator);
                if (Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        if (found.Any(f => !f))
        {
            throw new InvalidOperationException($"the native gates generated {found.Count(f => f)} two-qubit Cliffords, not {Count}");
        }

        bool Add(TwoQubitTableau t)
        {
            ref var number = ref SymplecticNumber[t.SymplecticBits];
            if (number < 0)
            {
                if (symplectics == SymplecticCount)
                {
                    throw new InvalidOperationException($"more than {SymplecticCount} symplectic matrices: the tableau arithmetic is wrong");
                }

                number = (short)symplectics++;
            }

            var index = (number * SignPatterns) + t.SignBits;
            if (found[index])
            {
                return false;
            }

            found[index] = true;
            Elements[index] = t;
            return true;
        }
    }

    /// <summary>Fewest CZs by breadth-first search over right cosets of the single-qubit layers.</summary>
    private static void Decompose()
    {
        var assigned = new bool[Count];
        var frontier = new List<int>();
        for (var c = 0; c < SingleQubitLayers; c++)
        {
            var e = IndexOf(Layers[c]);
            assigned[e] = true;
            Parents[e] = ushort.MaxValue;
            LastLayers[e] = (ushort)c;
            frontier.Add(e);
        }

        for (byte k = 1; frontier.Count > 0; k++)
        {
            var next = new List<int>();
            foreach (var s in frontier)
            {
                var afterCz = Elements[s].Then(TwoQubitTableau.ControlledZ);
                if (assigned[IndexOf(afterCz)])
                {
                    continue; // its whole coset was assigned at once, with as few CZs or fewer
                }

                for (var c = 0; c < SingleQubitLayers; c++)
                {
                    var e = IndexOf(afterCz.Then(Layers[c]));
                    if (!assigned[e])
                    {
                        assigned[e] = true;
                        Parents[e] = (ushort)s;
                        LastLayers[e] = (ushort)c;
                        ControlledZCounts[e] = k;
                        next.Add(e);
                    }
                }
            }

            frontier = next;
        }
    }

    private static void Append(int element, List<NativeGate> gates)
    {
        if (ControlledZCounts[element] > 0)
        {
            Append(Parents[element], gates);
            gates.Add(NativeGate.ControlledZ);
        }

        var layer = LastLayers[element];
        foreach (var gate in OneQubitNative[layer / OneQubitCliffords.Count])
        {
            gates.Add(gate);
        }

        foreach (var gate in OneQubitNative[layer % OneQubitCliffords.Count])
        {
            gates.Add(gate with { Qubit = 1 });
        }
    }

    /// <summary>The one-qubit Clifford's pulses (OneQubitCliffords' table) acting on <paramref name="qubit"/>.</summary>
    private static TwoQubitTableau OneQubitTableau(int clifford, int qubit)
    {
        var t = TwoQubitTableau.Identity;
        var x90 = TwoQubitTableau.X90(qubit);
        var y90 = TwoQubitTableau.Y90(qubit);
        foreach (var pulse in OneQubitCliffords.Pulses(clifford))
        {
            var (turn, quarters) = pulse switch
            {
                CliffordPulse.X90 => (x90, 1),
                CliffordPulse.MinusX90 => (x90, 3),
                CliffordPulse.X180 => (x90, 2),
                CliffordPulse.Y90 => (y90, 1),
                CliffordPulse.MinusY90 => (y90, 3),
                CliffordPulse.Y180 => (y90, 2),
                _ => (TwoQubitTableau.Identity, 0),
            };
            for (var q = 0; q < quarters; q++)
            {
                t = t.Then(turn);
            }
        }

        return t;
    }

    /// <summary>
    /// The shortest string Z? (P Z?)^n with P in {X90, Y90} and optional virtual Zs that gives
    /// <paramref name="target"/> on qubit 0: fewest pulses first, then fewest virtual Zs.
    /// </summary>
    private static NativeGate[] ShortestNative(TwoQubitTableau target)
    {
        NativeGate[]? best = null;
        var bestZ = int.MaxValue;
        for (var pulses = 0; pulses <= 3 && best is null; pulses++)
        {
            var zSlots = pulses + 1;
            var zChoices = 1 << (2 * zSlots);
            for (var p = 0; p < 1 << pulses; p++)
            {
                for (var z = 0; z < zChoices; z++)
                {
                    var gates = new List<NativeGate>();
                    for (var slot = 0; slot < zSlots; slot++)
                    {
                        var turns = (z >> (2 * slot)) & 3;
                        if (turns != 0)
                        {
                            gates.Add(new NativeGate(NativeGateKind.VirtualZ, 0, turns));
                        }

                        if (slot < pulses)
                        {
                            gates.Add(new NativeGate(((p >> slot) & 1) == 0 ? NativeGateKind.X90 : NativeGateKind.Y90, 0));
                        }
                    }

                    var virtualZs = gates.Count - pulses;
                    if (virtualZs < bestZ && gates.Aggregate(TwoQubitTableau.Identity, (t, g) => t.Then(g.Tableau)) == target)
                    {
                        best = [.. gates];
                        bestZ = virtualZs;
                    }
                }
            }
        }

        return best ?? throw new InvalidOperationException("a one-qubit Clifford needed more than three pulses");
    }

    private static TwoQubitTableau InverseOf(NativeGate gate) => gate.Kind switch
    {
        NativeGateKind.ControlledZ => TwoQubitTableau.ControlledZ,
        NativeGateKind.VirtualZ => (gate with { QuarterTurns = 4 - (gate.QuarterTurns & 3) }).Tableau,
        _ => gate.Tableau.Then(gate.Tableau).Then(gate.Tableau),
    };

    private static string Describe(int pauli)
    {
        // i^r X^x Z^z per qubit, with XZ = -iY: each Y takes one factor i back out of the phase.
        var phase = TwoQubitPauli.Phase(pauli);
        var letters = new char[2];
        for (var q = 0; q < 2; q++)
        {
            var x = (pauli >> (2 * q)) & 1;
            var z = (pauli >> ((2 * q) + 1)) & 1;
            letters[q] = (x, z) switch { (0, 0) => 'I', (1, 0) => 'X', (0, 1) => 'Z', _ => 'Y' };
            if (x == 1 && z == 1)
            {
                phase -= 1;
            }
        }

        return (((phase % 4) + 4) % 4 == 0 ? "+" : "-") + new string(letters);
    }

    private static void Check(int element)
    {
        if ((uint)element >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(element), element, "a two-qubit Clifford index is 0..11519");
        }
    }
}
