namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// The 24-element one-qubit Clifford group, indexed 0..23, with its multiplication and inverse
/// tables computed once from exact signed-permutation matrices, and each element's
/// decomposition into physical pulses.
/// </summary>
/// <remarks>
/// The decompositions are the standard table of Epstein et al., PRA 89, 062321 (2014), Table I
/// (as used by Barends et al. 2014 and most RB software): Paulis, the eight 2 pi/3 rotations,
/// the six pi/2 rotations and the six Hadamard-like elements. Counting the identity as one idle
/// slot they take 45 pulses in all, 1.875 per Clifford on average, which is what converts an
/// error per Clifford into an error per physical pulse. Pulse lists are in time order.
/// Index 0 is the identity.
/// </remarks>
public static class OneQubitCliffords
{
    public const int Count = 24;

    public const int Identity = 0;

    /// <summary>Mean number of pulse slots per Clifford over the group: 45/24.</summary>
    public static double MeanPulsesPerClifford { get; }

    private static readonly CliffordPulse[][] Decompositions =
    [
        // Paulis
        [CliffordPulse.Idle],
        [CliffordPulse.X180],
        [CliffordPulse.Y180],
        [CliffordPulse.Y180, CliffordPulse.X180],

        // 2 pi/3 rotations about the cube diagonals
        [CliffordPulse.X90, CliffordPulse.Y90],
        [CliffordPulse.X90, CliffordPulse.MinusY90],
        [CliffordPulse.MinusX90, CliffordPulse.Y90],
        [CliffordPulse.MinusX90, CliffordPulse.MinusY90],
        [CliffordPulse.Y90, CliffordPulse.X90],
        [CliffordPulse.Y90, CliffordPulse.MinusX90],
        [CliffordPulse.MinusY90, CliffordPulse.X90],
        [CliffordPulse.MinusY90, CliffordPulse.MinusX90],

        // pi/2 rotations about x, y, z
        [CliffordPulse.X90],
        [CliffordPulse.MinusX90],
        [CliffordPulse.Y90],
        [CliffordPulse.MinusY90],
        [CliffordPulse.MinusX90, CliffordPulse.Y90, CliffordPulse.X90],
        [CliffordPulse.MinusX90, CliffordPulse.MinusY90, CliffordPulse.X90],

        // Hadamard-like: pi rotations about the face diagonals
        [CliffordPulse.X180, CliffordPulse.Y90],
        [CliffordPulse.X180, CliffordPulse.MinusY90],
        [CliffordPulse.Y180, CliffordPulse.X90],
        [CliffordPulse.Y180, CliffordPulse.MinusX90],
        [CliffordPulse.X90, CliffordPulse.Y90, CliffordPulse.X90],
        [CliffordPulse.MinusX90, CliffordPulse.Y90, CliffordPulse.MinusX90],
    ];

    private static readonly SignedPermutation[] Elements;
    private static readonly byte[] Products;
    private static readonly byte[] Inverses;

    static OneQubitCliffords()
    {
        Elements = new SignedPermutation[Count];
        var indexByCode = new int[512];
        Array.Fill(indexByCode, -1);
        for (var k = 0; k < Count; k++)
        {
            var element = SignedPermutation.Identity;
            foreach (var pulse in Decompositions[k])
            {
                element = element.Then(pulse.Rotation());
            }

            // A typo in the table would silently shrink the group; fail loudly instead.
            if (indexByCode[element.Code] >= 0)
            {
                throw new InvalidOperationException($"Clifford decompositions {indexByCode[element.Code]} and {k} give the same element");
            }

            Elements[k] = element;
            indexByCode[element.Code] = k;
        }

        Products = new byte[Count * Count];
        Inverses = new byte[Count];
        for (var a = 0; a < Count; a++)
        {
            for (var b = 0; b < Count; b++)
            {
                var product = indexByCode[Elements[a].Then(Elements[b]).Code];
                if (product < 0)
                {
                    throw new InvalidOperationException($"Cliffords {a} then {b} leave the group");
                }

                Products[a * Count + b] = (byte)product;
                if (product == Identity)
                {
                    Inverses[a] = (byte)b;
                }
            }
        }

        MeanPulsesPerClifford = Decompositions.Sum(d => d.Length) / (double)Count;
    }

    /// <summary>Clifford <paramref name="first"/> followed by <paramref name="second"/> (as an operator: second * first).</summary>
    public static int Then(int first, int second)
    {
        Check(first);
        Check(second);
        return Products[first * Count + second];
    }

    public static int Inverse(int element)
    {
        Check(element);
        return Inverses[element];
    }

    /// <summary>The element's physical pulses in time order.</summary>
    public static IReadOnlyList<CliffordPulse> Pulses(int element)
    {
        Check(element);
        return Decompositions[element];
    }

    /// <summary>The element whose decomposition is the single pulse <paramref name="pulse"/> (e.g. to interleave X90).</summary>
    public static int Of(CliffordPulse pulse)
    {
        for (var k = 0; k < Count; k++)
        {
            if (Decompositions[k] is [var only] && only == pulse)
            {
                return k;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(pulse), pulse, "no Clifford is this single pulse");
    }

    /// <summary>Exact action on the Pauli axes.</summary>
    internal static SignedPermutation Rotation(int element)
    {
        Check(element);
        return Elements[element];
    }

    /// <summary>Unchecked table lookup for hot loops whose indices are known to be valid.</summary>
    internal static int ThenUnchecked(int first, int second) => Products[first * Count + second];

    internal static int InverseUnchecked(int element) => Inverses[element];

    private static void Check(int element)
    {
        if ((uint)element >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(element), element, "a one-qubit Clifford index is 0..23");
        }
    }
}
