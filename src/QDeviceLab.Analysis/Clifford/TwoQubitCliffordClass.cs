namespace QDeviceLab.Analysis.Clifford;

/// <summary>The four classes of two-qubit Cliffords, by the fewest CZs each needs.</summary>
public enum TwoQubitCliffordClass
{
    /// <summary>A single-qubit Clifford on each qubit (576 elements, no CZ).</summary>
    SingleQubitLike = 0,

    /// <summary>5,184 elements, one CZ.</summary>
    CnotLike = 1,

    /// <summary>5,184 elements, two CZs.</summary>
    IswapLike = 2,

    /// <summary>576 elements, three CZs.</summary>
    SwapLike = 3,
}
