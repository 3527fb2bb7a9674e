namespace QDeviceLab.Analysis;

/// <summary>
/// Stopping rules for <see cref="CurveFitter"/>. The tolerances are relative (MINPACK style), so they
/// do not depend on the units of x, y or the parameters.
/// </summary>
public sealed record FitOptions
{
    public static FitOptions Default { get; } = new();

    /// <summary>Stop when both the actual and the predicted relative reduction of chi-square are below this.</summary>
    public double FunctionTolerance { get; init; } = 1e-12;

    /// <summary>Stop when the scaled step is below this fraction of the scaled parameter vector.</summary>
    public double StepTolerance { get; init; } = 1e-10;

    /// <summary>Stop when the largest cosine between the residual vector and a Jacobian column is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>Upper limit on Jacobian evaluations (outer iterations).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>
    /// The first step may be at most this multiple of the scaled parameter vector (MINPACK's "factor").
    /// Smaller is more cautious from a poor starting point. MINPACK's default is 100; 10 is used here
    /// because with 100 the first step from NIST BoxBOD start 1 lands on the flat b2 -> infinity
    /// plateau (Eigen's MINPACK port needs the same setting for that start).
    /// </summary>
    public double InitialStepBoundFactor { get; init; } = 10.0;

    /// <summary>Overrides the model's own bounds (or adds bounds to an unbounded model) when set.</summary>
    public IReadOnlyList<ParameterBounds>? Bounds { get; init; }

    /// <summary>A parameter within this relative distance of a finite bound is reported in <see cref="FitResult.ParametersAtBound"/>.</summary>
    public double AtBoundRelativeTolerance { get; init; } = 1e-9;
}
