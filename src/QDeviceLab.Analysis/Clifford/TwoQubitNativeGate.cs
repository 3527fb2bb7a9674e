namespace QDeviceLab.Analysis.Clifford;

/// <summary>The native operations two-qubit Cliffords are compiled into.</summary>
public enum NativeGateKind
{
    /// <summary>exp(-i pi/4 X): a pi/2 pulse about x.</summary>
    X90,

    /// <summary>exp(-i pi/4 Y): a pi/2 pulse about y.</summary>
    Y90,

    /// <summary>exp(-i k pi/4 Z) by a frame change, no pulse: <see cref="NativeGate.QuarterTurns"/> = k (1-3).</summary>
    VirtualZ,

    /// <summary>Controlled-Z on both qubits, diag(1, 1, 1, -1).</summary>
    ControlledZ,
}

/// <summary>
/// One native gate: a pulse or virtual Z on qubit 0 or 1, or a CZ on both (<see cref="Qubit"/> is then
/// -1). Qubit 0 is the first (most significant) factor of the 4x4 unitaries.
/// </summary>
public readonly record struct NativeGate(NativeGateKind Kind, int Qubit, int QuarterTurns = 0)
{
    public static NativeGate ControlledZ { get; } = new(NativeGateKind.ControlledZ, -1);

    public bool IsPhysicalPulse => Kind is NativeGateKind.X90 or NativeGateKind.Y90;

    internal TwoQubitTableau Tableau
    {
        get
        {
            switch (Kind)
            {
                case NativeGateKind.X90:
                    return TwoQubitTableau.X90(Qubit);
                case NativeGateKind.Y90:
                    return TwoQubitTableau.Y90(Qubit);
                case NativeGateKind.ControlledZ:
                    return TwoQubitTableau.ControlledZ;
                default:
                    var z = TwoQubitTableau.Identity;
                    for (var k = 0; k < ((QuarterTurns % 4) + 4) % 4; k++)
                    {
                        z = z.Then(TwoQubitTableau.Z90(Qubit));
                    }

                    return z;
            }
        }
    }

    public override string ToString() => Kind switch
    {
        NativeGateKind.ControlledZ => "CZ",
        NativeGateKind.VirtualZ => $"Z{90 * QuarterTurns}[q{Qubit}]",
        _ => $"{Kind}[q{Qubit}]",
    };
}
