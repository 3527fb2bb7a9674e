namespace QDeviceLab.Analysis;

/// <summary>
/// Weighted nonlinear least squares (Levenberg-Marquardt) for <see cref="IFitModel"/>s, returning
/// values, covariance, both kinds of standard error and the solver's health (see <see cref="FitResult"/>).
/// </summary>
/// <remarks>
/// Math.NET's LevenbergMarquardtMinimizer is not used for the minimisation: its covariance is always
/// rescaled by the reduced chi-square (it has no absolute-sigma mode), its bounds apply to every
/// parameter or none through a sine/square-root reparametrisation, and it solves the normal equations.
/// </remarks>
public static class CurveFitter
{
    /// <param name="sigma">Standard deviation of each y (same units), or null for an unweighted fit.</param>
    public static FitResult Fit(
        IFitModel model,
        IReadOnlyList<double> x,
        IReadOnlyList<double> y,
        IReadOnlyList<double>? sigma = null,
        double[]? initialGuess = null,
        FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return FitCore(model, x.ToArray(), y.ToArray(), sigma?.ToArray(), initialGuess, options);
    }

    /// <param name="sigma">Standard deviation of each y; an empty span means an unweighted fit.</param>
    public static FitResult Fit(
        IFitModel model,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        ReadOnlySpan<double> sigma,
        double[]? initialGuess = null,
        FitOptions? options = null)
    {
        return FitCore(model, x.ToArray(), y.ToArray(), sigma.IsEmpty ? null : sigma.ToArray(), initialGuess, options);
    }

    private static FitResult FitCore(IFitModel model, double[] x, double[] y, double[]? sigma, double[]? initialGuess, FitOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= FitOptions.Default;
        ValidateOptions(options);

        int parameterCount = model.ParameterNames.Count;
        ValidateData(model, x, y, sigma, parameterCount);
        var bounds = ResolveBounds(model, options, parameterCount);

        var inverseSigma = new double[x.Length];
        for (int i = 0; i < inverseSigma.Length; i++)
        {
            inverseSigma[i] = sigma is null ? 1.0 : 1.0 / sigma[i];
        }

        var start = ResolveInitialGuess(model, x, y, initialGuess, bounds, parameterCount);
        var problem = new WeightedLeastSquaresProblem(model, x, y, inverseSigma, bounds);
        var outcome = new LevenbergMarquardtSolver(problem, options).Minimize(start);

        return BuildResult(model, problem, outcome, options, sigma is not null);
    }

    private static FitResult BuildResult(
        IFitModel model,
        WeightedLeastSquaresProblem problem,
        LevenbergMarquardtSolver.Outcome outcome,
        FitOptions options,
        bool isWeighted)
    {
        int n = problem.ParameterCount;
        int m = problem.PointCount;
        int degreesOfFreedom = m - n;
        var warnings = new List<string>();

        var jacobian = new double[m, n];
        double[,]? covariance = problem.EvaluateJacobian(outcome.Parameters, jacobian)
            ? CovarianceEstimator.Absolute(jacobian)
            : null;
        if (covariance is null)
        {
            warnings.Add("The Jacobian at the solution is rank-deficient: some parameter combinations are not "
                + "determined by the data, so the covariance and standard errors are reported as NaN.");
            covariance = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    covariance[i, j] = double.NaN;
                }
            }
        }

        double reducedChiSquare = degreesOfFreedom > 0 ? outcome.ChiSquare / degreesOfFreedom : double.NaN;
        if (degreesOfFreedom == 0)
        {
            warnings.Add("No degrees of freedom (as many points as parameters): reduced chi-square and the "
                + "scaled standard errors are undefined.");
        }

        var standardErrors = new double[n];
        var scaledStandardErrors = new double[n];
        for (int j = 0; j < n; j++)
        {
            standardErrors[j] = Math.Sqrt(covariance[j, j]);
            scaledStandardErrors[j] = standardErrors[j] * Math.Sqrt(reducedChiSquare);
        }

        var atBound = new List<string>();
        for (int j = 0; j < n; j++)
        {
            if (IsAtBound(outcome.Parameters[j], problem.Bounds[j], options.AtBoundRelativeTolerance))
            {
                atBound.Add(model.ParameterNames[j]);
            }
        }

        if (atBound.Count > 0)
        {
            warnings.Add($"Parameter(s) {string.Join(", ", atBound)} ended on a bound; their standard errors come "
                + "from the unconstrained curvature and do not describe the uncertainty on the bounded side.");
        }

        if (!isWeighted)
        {
            warnings.Add("Unweighted fit: StandardErrors assume sigma = 1 in the units of y; use ScaledStandardErrors.");
        }

        bool converged = outcome.StopReason is FitStopReason.ConvergedOnGradient or FitStopReason.ConvergedOnStep
            or FitStopReason.ConvergedOnFunction or FitStopReason.ExactFit;
        if (!converged)
        {
            warnings.Add($"The fit did not converge ({outcome.StopReason} after {outcome.Iterations} iterations).");
        }

        return new FitResult
        {
            ModelName = model.Name,
            Formula = model.Formula,
            ParameterNames = model.ParameterNames.ToArray(),
            Values = outcome.Parameters,
            Covariance = covariance,
            StandardErrors = standardErrors,
            ScaledStandardErrors = scaledStandardErrors,
            ChiSquare = outcome.ChiSquare,
            DegreesOfFreedom = degreesOfFreedom,
            ReducedChiSquare = reducedChiSquare,
            Iterations = outcome.Iterations,
            StopReason = outcome.StopReason,
            Converged = converged,
            IsWeighted = isWeighted,
            ParametersAtBound = atBound,
            Warnings = warnings,
        };
    }

    private static bool IsAtBound(double value, ParameterBounds bounds, double relativeTolerance)
    {
        static bool Near(double value, double bound, double tolerance) =>
            double.IsFinite(bound) && Math.Abs(value - bound) <= tolerance * Math.Abs(bound);

        return Near(value, bounds.Lower, relativeTolerance) || Near(value, bounds.Upper, relativeTolerance);
    }

    private static void ValidateOptions(FitOptions options)
    {
        if (!(options.FunctionTolerance >= 0) || !(options.StepTolerance >= 0) || !(options.GradientTolerance >= 0))
        {
            throw new ArgumentException("Fit tolerances must be non-negative numbers.", nameof(options));
        }

        if (options.MaxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be at least 1, got {options.MaxIterations}.", nameof(options));
        }

        if (!(options.InitialStepBoundFactor > 0) || !double.IsFinite(options.InitialStepBoundFactor))
        {
            throw new ArgumentException(
                $"InitialStepBoundFactor must be positive and finite, got {options.InitialStepBoundFactor}.", nameof(options));
        }
    }

    private static void ValidateData(IFitModel model, double[] x, double[] y, double[]? sigma, int parameterCount)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} points but y has {y.Length}; they must have the same length.", nameof(y));
        }

        if (sigma is not null && sigma.Length != x.Length)
        {
            throw new ArgumentException(
                $"sigma has {sigma.Length} entries but there are {x.Length} points; pass one standard deviation per point or null.",
                nameof(sigma));
        }

        if (x.Length < parameterCount)
        {
            throw new ArgumentException(
                $"Model '{model.Name}' has {parameterCount} parameters but only {x.Length} points were given; "
                + "at least as many points as parameters are needed.", nameof(x));
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"x[{i}] is {x[i]}; all x values must be finite.", nameof(x));
            }

            if (!double.IsFinite(y[i]))
            {
                throw new ArgumentException($"y[{i}] is {y[i]}; all y values must be finite.", nameof(y));
            }

            if (sigma is not null && !(sigma[i] > 0.0 && double.IsFinite(sigma[i])))
            {
                throw new ArgumentException(
                    $"sigma[{i}] is {sigma[i]}; standard deviations must be finite and > 0 (a zero sigma would give a point infinite weight).",
                    nameof(sigma));
            }
        }
    }

    private static ParameterBounds[] ResolveBounds(IFitModel model, FitOptions options, int parameterCount)
    {
        var source = options.Bounds ?? (model as IBoundedFitModel)?.Bounds;
        if (source is null)
        {
            return Enumerable.Repeat(ParameterBounds.None, parameterCount).ToArray();
        }

        if (source.Count != parameterCount)
        {
            throw new ArgumentException(
                $"{source.Count} bounds were given for the {parameterCount} parameters of model '{model.Name}'.", nameof(options));
        }

        for (int j = 0; j < parameterCount; j++)
        {
            var b = source[j];
            if (double.IsNaN(b.Lower) || double.IsNaN(b.Upper) || b.Lower > b.Upper)
            {
                throw new ArgumentException(
                    $"Bounds of parameter '{model.ParameterNames[j]}' are [{b.Lower}, {b.Upper}]; need Lower <= Upper.", nameof(options));
            }
        }

        return source.ToArray();
    }

    private static double[] ResolveInitialGuess(
        IFitModel model, double[] x, double[] y, double[]? initialGuess, ParameterBounds[] bounds, int parameterCount)
    {
        if (initialGuess is null)
        {
            var guess = model.InitialGuess(x, y);
            if (guess.Length != parameterCount || guess.Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException(
                    $"Model '{model.Name}' could not produce a finite initial guess from these data; pass initialGuess explicitly.");
            }

            // A model's own guess may land outside bounds supplied through FitOptions.
            for (int j = 0; j < parameterCount; j++)
            {
                guess[j] = bounds[j].Clamp(guess[j]);
            }

            return guess;
        }

        if (initialGuess.Length != parameterCount)
        {
            throw new ArgumentException(
                $"initialGuess has {initialGuess.Length} values but model '{model.Name}' has {parameterCount} parameters "
                + $"({string.Join(", ", model.ParameterNames)}).", nameof(initialGuess));
        }

        for (int j = 0; j < parameterCount; j++)
        {
            if (!double.IsFinite(initialGuess[j]))
            {
                throw new ArgumentException(
                    $"initialGuess for '{model.ParameterNames[j]}' is {initialGuess[j]}; it must be finite.", nameof(initialGuess));
            }

            if (!bounds[j].Contains(initialGuess[j]))
            {
                throw new ArgumentException(
                    $"initialGuess for '{model.ParameterNames[j]}' is {initialGuess[j]}, outside its bounds [{bounds[j].Lower}, {bounds[j].Upper}].",
                    nameof(initialGuess));
            }
        }

        return (double[])initialGuess.Clone();
    }
}
