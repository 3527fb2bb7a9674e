namespace QDeviceLab.Analysis;

/// <summary>Whether a fit can be taken at face value.</summary>
public enum FitQuality
{
    /// <summary>Every check of <see cref="FitGrader"/> passed.</summary>
    Good,

    /// <summary>At least one check failed; <see cref="FitGrade.Reasons"/> says which.</summary>
    Poor,
}

/// <summary>
/// The verdict of <see cref="FitGrader"/> on one fit: GOOD, or POOR with one plain sentence per
/// failed check, plus the reduced chi-square acceptance band it was judged by (for the report).
/// </summary>
/// <param name="ReducedChiSquareLow">Lower edge of the acceptance band; NaN when chi-square was not tested (unweighted fit, no degrees of freedom).</param>
/// <param name="ReducedChiSquareHigh">Upper edge of the acceptance band; NaN when chi-square was not tested.</param>
public sealed record FitGrade(FitQuality Quality, IReadOnlyList<string> Reasons, double ReducedChiSquareLow, double ReducedChiSquareHigh)
{
    public bool IsGood => Quality == FitQuality.Good;

    /// <summary>"GOOD" or "POOR", the word reports show.</summary>
    public string Word => IsGood ? "GOOD" : "POOR";

    public override string ToString() => Reasons.Count == 0 ? Word : $"{Word}: {string.Join("; ", Reasons)}";
}
