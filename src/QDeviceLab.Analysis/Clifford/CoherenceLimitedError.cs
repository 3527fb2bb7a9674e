namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// The error a gate of duration t would have if decoherence were its only flaw: the average
/// gate infidelity of amplitude damping (T1) and dephasing (T2) over t,
/// r = 1/2 - exp(-t/T1)/6 - exp(-t/T2)/3. A floor for RB's error per Clifford, useful as a
/// sanity check; calibration and detuning errors come on top.
/// </summary>
public static class CoherenceLimitedError
{
    public static double AverageGateInfidelity(double duration, double t1, double t2)
    {
        if (!(duration >= 0) || !(t1 > 0) || !(t2 > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "need duration >= 0 and positive T1 and T2");
        }

        return 0.5 - (Math.Exp(-duration / t1) / 6) - (Math.Exp(-duration / t2) / 3);
    }
}
