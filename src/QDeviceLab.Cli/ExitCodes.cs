using QDeviceLab.Core;

namespace QDeviceLab.Cli;

/// <summary>
/// Process exit codes of <c>qdlab</c>, one per outcome, so a pilot line's scripts can branch
/// on them (documented in README.md and docs/cli.md).
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every judged metric passed.</summary>
    public const int Pass = 0;

    /// <summary>At least one metric failed its limit; nothing worse.</summary>
    public const int Fail = 1;

    /// <summary>At least one confidence interval straddled its limit; nothing worse.</summary>
    public const int Inconclusive = 2;

    /// <summary>At least one measurement could not be made (instrument fault, undefined step, bad fit).</summary>
    public const int Error = 3;

    /// <summary>An input file (feature, station, profile, raw data) is malformed; nothing was measured.</summary>
    public const int InputError = 4;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 64;

    public static int For(Verdict verdict) => verdict switch
    {
        Verdict.Pass => Pass,
        Verdict.Fail => Fail,
        Verdict.Inconclusive => Inconclusive,
        _ => Error,
    };
}
