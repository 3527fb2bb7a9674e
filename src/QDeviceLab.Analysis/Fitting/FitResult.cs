namespace QDeviceLab.Analysis;

/// <summary>
/// Outcome of a fit: the values, their uncertainty in both conventions, and the fit's health.
/// </summary>
/// <remarks>
/// <see cref="Covariance"/> is inv(J^T W J) with W = diag(1/sigma^2): the GUM-style covariance that
/// treats the supplied sigmas as known absolute standard deviations. <see cref="StandardErrors"/> is
/// the square root of its diagonal. <see cref="ScaledStandardErrors"/> multiplies those by
/// sqrt(<see cref="ReducedChiSquare"/>), i.e. lets the scatter of the residuals set the noise level
/// (SciPy curve_fit with absolute_sigma=False, NIST StRD certified standard deviations, Math.NET's
/// NonlinearMinimizationResult.StandardErrors). For an unweighted fit every sigma is taken as 1, so
/// only the scaled errors are meaningful.
/// </remarks>
public sealed record FitResult
{
    public required string ModelName { get; init; }

    public required string Formula { get; init; }

    public required IReadOnlyList<string> ParameterNames { get; init; }

    public required IReadOnlyList<double> Values { get; init; }

    /// <summary>inv(J^T W J) at the minimum, parameters in <see cref="ParameterNames"/> order; NaN when singular.</summary>
    public required double[,] Covariance { get; init; }

    /// <summary>sqrt(diag(inv(J^T W J))): sigmas taken as known absolute standard deviations.</summary>
    public required IReadOnlyList<double> StandardErrors { get; init; }

    /// <summary><see cref="StandardErrors"/> times sqrt(reduced chi-square); NaN when there are no degrees of freedom.</summary>
    public required IReadOnlyList<double> ScaledStandardErrors { get; init; }

    /// <summary>Sum of squared weighted residuals, sum(((y - f)/sigma)^2).</summary>
    public required double ChiSquare { get; init; }

    /// <summary>Number of points minus number of parameters.</summary>
    public required int DegreesOfFreedom { get; init; }

    /// <summary>ChiSquare / DegreesOfFreedom; near 1 when the sigmas describe the scatter and the model fits.</summary>
    public required double ReducedChiSquare { get; init; }

    public required int Iterations { get; init; }

    public required FitStopReason StopReason { get; init; }

    public required bool Converged { get; init; }

    /// <summary>True when per-point sigmas were supplied.</summary>
    public required bool IsWeighted { get; init; }

    /// <summary>
    /// Parameters that ended on (or within tolerance of) a bound. Their error bars come from the
    /// unconstrained local curvature and understate the real uncertainty on the bounded side.
    /// </summary>
    public required IReadOnlyList<string> ParametersAtBound { get; init; }

    /// <summary>Diagnostics a report should show, e.g. a singular covariance or zero degrees of freedom.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Covariance rescaled by the reduced chi-square (the one behind <see cref="ScaledStandardErrors"/>).</summary>
    public double[,] ScaledCovariance()
    {
        int n = Values.Count;
        var scaled = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                scaled[i, j] = Covariance[i, j] * ReducedChiSquare;
            }
        }

        return scaled;
    }

    /// <summary>
    /// GOOD or POOR with reasons (<see cref="FitGrader"/>): convergence, bounds, chi-square against
    /// its distribution, relative precision of the key parameter, and whether the sampled
    /// <paramref name="x"/> (the fitted points' x values) resolves the decay.
    /// </summary>
    public FitGrade Grade(IReadOnlyList<double> x, FitGradingCriteria? criteria = null) => FitGrader.Grade(this, x, criteria);

    /// <summary>Value and both standard errors of the named parameter (ordinal, case-sensitive).</summary>
    public FitParameter Parameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < ParameterNames.Count; i++)
        {
            if (string.Equals(ParameterNames[i], name, StringComparison.Ordinal))
            {
                return new FitParameter(
                    name,
                    Values[i],
                    StandardErrors[i],
                    ScaledStandardErrors[i],
                    ParametersAtBound.Contains(name, StringComparer.Ordinal));
            }
        }

        throw new ArgumentException(
            $"Model '{ModelName}' has no parameter '{name}'; its parameters are {string.Join(", ", ParameterNames)}.",
            nameof(name));
    }
}

/// <summary>One fitted parameter with its uncertainty in both conventions (see <see cref="FitResult"/>).</summary>
public readonly record struct FitParameter(
    string Name,
    double Value,
    double StandardError,
    double ScaledStandardError,
    bool AtBound);
