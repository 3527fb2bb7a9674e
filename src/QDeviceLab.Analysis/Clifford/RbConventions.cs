namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// The two conventions an RB error is quoted in, and the interleaved-RB gate error with its
/// systematic bound. Every number leaving this class says which convention it is in.
/// </summary>
/// <remarks>
/// Average gate infidelity r = (d-1)(1-p)/d (Magesan et al. PRL 106, 180504 (2011)) is what most
/// papers call "error per Clifford". The entanglement (process) infidelity is
/// (d^2-1)(1-p)/d^2, pyGSTi's default; for one qubit it is 1.5 times the average gate infidelity.
/// </remarks>
public static class RbConventions
{
    public static double AverageGateInfidelity(double p, int dimension = 2) => (dimension - 1) * (1 - p) / dimension;

    public static double EntanglementInfidelity(double p, int dimension = 2) => ((double)dimension * dimension - 1) * (1 - p) / ((double)dimension * dimension);

    /// <summary>d r / d p in the average-gate-infidelity convention, to propagate u(p).</summary>
    public static double AverageGateInfidelitySlope(int dimension = 2) => (dimension - 1) / (double)dimension;

    /// <summary>d r / d p in the entanglement-infidelity convention.</summary>
    public static double EntanglementInfidelitySlope(int dimension = 2) => ((double)dimension * dimension - 1) / ((double)dimension * dimension);

    /// <summary>
    /// Interleaved-RB error of the interleaved gate, r_C = (d-1)(1 - p_C/p)/d (Magesan et al.
    /// PRL 109, 080505 (2012)), average-gate-infidelity convention.
    /// </summary>
    public static double InterleavedGateError(double p, double pInterleaved, int dimension = 2) =>
        (dimension - 1) * (1 - pInterleaved / p) / dimension;

    /// <summary>
    /// Magesan's systematic bound E on r_C: the true gate error lies in [r_C - E, r_C + E] whatever
    /// the error model, E = min{ (d-1)[|p - p_C/p| + (1-p)]/d, 2(d^2-1)(1-p)/(p d^2) + 4 sqrt(1-p) sqrt(d^2-1)/p }.
    /// </summary>
    public static double InterleavedSystematicBound(double p, double pInterleaved, int dimension = 2)
    {
        double d = dimension;
        var first = (d - 1) * (Math.Abs(p - pInterleaved / p) + (1 - p)) / d;
        var second = (2 * (d * d - 1) * (1 - p) / (p * d * d)) + (4 * Math.Sqrt(1 - p) * Math.Sqrt(d * d - 1) / p);
        return Math.Min(first, second);
    }
}
