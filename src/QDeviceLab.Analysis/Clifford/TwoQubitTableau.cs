using System.Numerics;

namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// A two-qubit Pauli operator with its phase, packed in 6 bits: x0 (bit 0), z0 (bit 1), x1 (bit 2),
/// z1 (bit 3) and r in Z4 (bits 4-5), meaning i^r X0^x0 Z0^z0 X1^x1 Z1^z1. Products are exact
/// bit operations: (X^a Z^b)(X^c Z^d) = (-1)^(b c) X^(a+c) Z^(b+d) on each qubit.
/// </summary>
internal static class TwoQubitPauli
{
    public const int X0 = 0b0001;
    public const int Z0 = 0b0010;
    public const int X1 = 0b0100;
    public const int Z1 = 0b1000;

    /// <summary>Y = i X Z on the qubit with the given x and z bits.</summary>
    public static int Y(int x, int z) => x | z | (1 << 4);

    public static int Bits(int pauli) => pauli & 0xF;

    public static int Phase(int pauli) => (pauli >> 4) & 3;

    public static int Negate(int pauli) => Bits(pauli) | (((Phase(pauli) + 2) & 3) << 4);

    public static int Multiply(int p, int q)
    {
        var zOfP = (p >> 1) & 0b0101;
        var xOfQ = q & 0b0101;
        var r = Phase(p) + Phase(q) + (2 * BitOperations.PopCount((uint)(zOfP & xOfQ)));
        return (Bits(p) ^ Bits(q)) | ((r & 3) << 4);
    }
}

/// <summary>
/// A two-qubit Clifford as its action by conjugation on the Pauli generators X0, Z0, X1, Z1 (a
/// symplectic tableau with phases): <c>U P U†</c> for each generator, a Hermitian Pauli. The action
/// on the generators fixes the unitary up to a global phase, which no experiment can see.
/// </summary>
internal readonly record struct TwoQubitTableau(int ImageX0, int ImageZ0, int ImageX1, int ImageZ1)
{
    public static TwoQubitTableau Identity { get; } = new(TwoQubitPauli.X0, TwoQubitPauli.Z0, TwoQubitPauli.X1, TwoQubitPauli.Z1);

    /// <summary>X90 = exp(-i pi/4 X) on the qubit: X -> X, Z -> -Y.</summary>
    public static TwoQubitTableau X90(int qubit) => OnQubit(qubit, x: Bit(qubit, 0), z: TwoQubitPauli.Negate(TwoQubitPauli.Y(Bit(qubit, 0), Bit(qubit, 1))));

    /// <summary>Y90 = exp(-i pi/4 Y) on the qubit: X -> -Z, Z -> X.</summary>
    public static TwoQubitTableau Y90(int qubit) => OnQubit(qubit, x: TwoQubitPauli.Negate(Bit(qubit, 1)), z: Bit(qubit, 0));

    /// <summary>Z90 = exp(-i pi/4 Z) on the qubit (a virtual Z): X -> Y, Z -> Z.</summary>
    public static TwoQubitTableau Z90(int qubit) => OnQubit(qubit, x: TwoQubitPauli.Y(Bit(qubit, 0), Bit(qubit, 1)), z: Bit(qubit, 1));

    /// <summary>Controlled-Z: X0 -> X0 Z1, X1 -> Z0 X1, Z0 and Z1 unchanged.</summary>
    public static TwoQubitTableau ControlledZ { get; } = new(TwoQubitPauli.X0 | TwoQubitPauli.Z1, TwoQubitPauli.Z0, TwoQubitPauli.Z0 | TwoQubitPauli.X1, TwoQubitPauli.Z1);

    /// <summary>The 16 x/z bits of the four images: the symplectic part, without signs.</summary>
    public int SymplecticBits =>
        TwoQubitPauli.Bits(ImageX0) | (TwoQubitPauli.Bits(ImageZ0) << 4) | (TwoQubitPauli.Bits(ImageX1) << 8) | (TwoQubitPauli.Bits(ImageZ1) << 12);

    /// <summary>The four images' signs (bit g set: generator g maps to minus a Hermitian Pauli).</summary>
    public int SignBits => (TwoQubitPauli.Phase(ImageX0) >> 1) | ((TwoQubitPauli.Phase(ImageZ0) >> 1) << 1) | ((TwoQubitPauli.Phase(ImageX1) >> 1) << 2) | ((TwoQubitPauli.Phase(ImageZ1) >> 1) << 3);

    /// <summary>U P U† for any Pauli P = i^r X0^x0 Z0^z0 X1^x1 Z1^z1: the images multiplied in that order.</summary>
    public int Apply(int pauli)
    {
        var result = TwoQubitPauli.Phase(pauli) << 4;
        if ((pauli & TwoQubitPauli.X0) != 0)
        {
            result = TwoQubitPauli.Multiply(result, ImageX0);
        }

        if ((pauli & TwoQubitPauli.Z0) != 0)
        {
            result = TwoQubitPauli.Multiply(result, ImageZ0);
        }

        if ((pauli & TwoQubitPauli.X1) != 0)
        {
            result = TwoQubitPauli.Multiply(result, ImageX1);
        }

        if ((pauli & TwoQubitPauli.Z1) != 0)
        {
            result = TwoQubitPauli.Multiply(result, ImageZ1);
        }

        return result;
    }

    /// <summary>This Clifford, then <paramref name="next"/>: the operator next * this.</summary>
    public TwoQubitTableau Then(TwoQubitTableau next) =>
        new(next.Apply(ImageX0), next.Apply(ImageZ0), next.Apply(ImageX1), next.Apply(ImageZ1));

    private static int Bit(int qubit, int z) => qubit switch
    {
        0 => z == 0 ? TwoQubitPauli.X0 : TwoQubitPauli.Z0,
        1 => z == 0 ? TwoQubitPauli.X1 : TwoQubitPauli.Z1,
        _ => throw new ArgumentOutOfRangeException(nameof(qubit), qubit, "qubits are 0 and 1"),
    };

    private static TwoQubitTableau OnQubit(int qubit, int x, int z) => qubit == 0
        ? Identity with { ImageX0 = x, ImageZ0 = z }
        : Identity with { ImageX1 = x, ImageZ1 = z };
}
