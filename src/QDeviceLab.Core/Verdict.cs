namespace QDeviceLab.Core;

/// <summary>
/// Outcome of checking a measured metric against a limit. The numeric order is the order of
/// severity: combining verdicts only ever makes the result worse (OpenTAP's rule).
/// </summary>
public enum Verdict
{
    /// <summary>The whole confidence interval meets the limit.</summary>
    Pass = 0,

    /// <summary>The confidence interval straddles the limit: more data would be needed to decide.</summary>
    Inconclusive = 1,

    /// <summary>The whole confidence interval lies outside the limit.</summary>
    Fail = 2,

    /// <summary>The measurement could not be made (instrument fault, bad fit, undefined step...).</summary>
    Error = 3,
}

public static class VerdictExtensions
{
    /// <summary>The more severe of two verdicts.</summary>
    public static Verdict Worst(this Verdict a, Verdict b) => (Verdict)Math.Max((int)a, (int)b);

    /// <summary>The most severe verdict of a set; an empty set passes.</summary>
    public static Verdict Worst(this IEnumerable<Verdict> verdicts) =>
        verdicts.Aggregate(Verdict.Pass, Worst);

    /// <summary>Upper-case word used in reports and on the console.</summary>
    public static string ToReportWord(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Inconclusive => "INCONCLUSIVE",
        Verdict.Fail => "FAIL",
        Verdict.Error => "ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "not a verdict"),
    };
}
