namespace QDeviceLab.Analysis;

/// <summary>
/// Thresholds of <see cref="FitGrader"/>. The defaults are chosen so that a fit of a correct model
/// to data with correct sigmas is graded POOR rarely (the chi-square test alone with probability
/// 1 - <see cref="ChiSquareAcceptance"/>); docs/statistics.md gives the reasoning.
/// </summary>
public sealed record FitGradingCriteria
{
    public static FitGradingCriteria Default { get; } = new();

    /// <summary>
    /// Probability that chi-square of a correct weighted fit falls inside the acceptance band
    /// (two-sided, equal tails of the chi-square distribution with the fit's degrees of freedom).
    /// 0.99 means one correct fit in a hundred is called POOR on chi-square alone.
    /// </summary>
    public double ChiSquareAcceptance { get; init; } = 0.99;

    /// <summary>Largest acceptable relative standard uncertainty of a key parameter (decay time, RB error 1 - p).</summary>
    public double MaxRelativeStandardError { get; init; } = 0.2;

    /// <summary>Delays must span at least this many fitted decay times (coherence decays).</summary>
    public double MinSpanInDecayTimes { get; init; } = 3.0;

    /// <summary>
    /// RB lengths must span at least this many decay lengths -1/ln p. Lower than for coherence
    /// because RB designs stop where the survival has decayed by about 1/e to keep sequences
    /// affordable, and the offset B is pinned near 1/d by the physics anyway.
    /// </summary>
    public double MinRbSpanInDecayLengths { get; init; } = 1.0;

    /// <summary>At least this many points must fall within the first fitted decay time after the first point.</summary>
    public int MinPointsPerDecayTime { get; init; } = 3;
}
