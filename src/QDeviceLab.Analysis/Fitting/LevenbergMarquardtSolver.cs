using MathNet.Numerics.LinearAlgebra;

namespace QDeviceLab.Analysis;

/// <summary>
/// Bound-constrained Levenberg-Marquardt in Moré's trust-region form (Moré 1978, as in MINPACK
/// lmder): variables scaled by D = running maximum of the Jacobian column norms, a trust radius that
/// starts at factor * |D p0| and is then adapted to how well the linear model predicted the decrease,
/// and the damping chosen so that the step fills the trust radius. The step comes from an SVD of the
/// scaled Jacobian (never from the normal equations, which square the condition number), which makes
/// the damping search a scalar problem. Bounds are handled by projection: a parameter sitting on a
/// bound whose descent direction points outwards is frozen for that iteration.
/// </summary>
/// <remarks>
/// Bounding the first step is what lets the fitter start far away (NIST BoxBOD start 1, where an
/// undamped Gauss-Newton step throws the rate constant to ~100 and onto a flat plateau).
/// </remarks>
internal sealed class LevenbergMarquardtSolver
{
    private const double AcceptanceRatio = 1e-4;
    private const double MachineEpsilon = 2.220446049250313e-16;

    private readonly WeightedLeastSquaresProblem _problem;
    private readonly FitOptions _options;

    public LevenbergMarquardtSolver(WeightedLeastSquaresProblem problem, FitOptions options)
    {
        _problem = problem;
        _options = options;
    }

    public readonly record struct Outcome(double[] Parameters, double ChiSquare, int Iterations, FitStopReason StopReason);

    public Outcome Minimize(double[] initial)
    {
        int m = _problem.PointCount;
        int n = _problem.ParameterCount;
        var bounds = _problem.Bounds;

        var p = (double[])initial.Clone();
        var r = new double[m];
        var trialResiduals = new double[m];
        var trial = new double[n];
        var step = new double[n];
        var jacobian = new double[m, n];
        var scale = new double[n];
        var columnNorm = new double[n];
        var descent = new double[n];
        var free = new bool[n];

        double chiSquare = _problem.EvaluateResiduals(p, r);
        if (!double.IsFinite(chiSquare))
        {
            throw new ArgumentException(
                $"Model '{_problem.Model.Name}' is not finite at the initial parameters [{string.Join(", ", p)}].");
        }

        double radius = double.NaN;
        int iterations = 0;

        while (true)
        {
            if (chiSquare == 0.0)
            {
                return new Outcome(p, chiSquare, iterations, FitStopReason.ExactFit);
            }

            if (iterations >= _options.MaxIterations)
            {
                return new Outcome(p, chiSquare, iterations, FitStopReason.MaxIterationsReached);
            }

            iterations++;
            if (!_problem.EvaluateJacobian(p, jacobian))
            {
                return new Outcome(p, chiSquare, iterations, FitStopReason.NoFurtherProgress);
            }

            for (int j = 0; j < n; j++)
            {
                double sumSquares = 0.0, dot = 0.0;
                for (int i = 0; i < m; i++)
                {
                    sumSquares += jacobian[i, j] * jacobian[i, j];
                    dot += jacobian[i, j] * r[i];
                }

                columnNorm[j] = Math.Sqrt(sumSquares);
                descent[j] = dot; // J^T r points downhill in chi-square
                scale[j] = Math.Max(scale[j], columnNorm[j]);
                if (scale[j] == 0.0)
                {
                    scale[j] = 1.0;
                }

                bool pushedBelowLower = p[j] <= bounds[j].Lower && descent[j] < 0.0;
                bool pushedAboveUpper = p[j] >= bounds[j].Upper && descent[j] > 0.0;
                free[j] = !(pushedBelowLower || pushedAboveUpper);
            }

            if (double.IsNaN(radius))
            {
                double start = ScaledNorm(scale, p);
                radius = start > 0.0 ? _options.InitialStepBoundFactor * start : _options.InitialStepBoundFactor;
            }

            if (MaxGradientCosine(descent, columnNorm, free, chiSquare) <= _options.GradientTolerance)
            {
                return new Outcome(p, chiSquare, iterations, FitStopReason.ConvergedOnGradient);
            }

            var subproblem = DampedSubproblem.Create(jacobian, r, scale, free);

            while (true)
            {
                bool gaussNewton = subproblem.Step(radius, step);
                for (int j = 0; j < n; j++)
                {
                    trial[j] = bounds[j].Clamp(p[j] + step[j]);
                    step[j] = trial[j] - p[j];
                }

                double stepNorm = ScaledNorm(scale, step);
                if (iterations == 1)
                {
                    radius = Math.Min(radius, stepNorm);
                }

                double predicted = PredictedReduction(jacobian, r, step, chiSquare);
                double trialChiSquare = _problem.EvaluateResiduals(trial, trialResiduals);
                double actual = chiSquare - trialChiSquare;
                double rho = double.IsFinite(trialChiSquare) && predicted > 0.0 ? actual / predicted : -1.0;

                // Trust-radius update as in MINPACK: shrink after a poor prediction, grow after a good one.
                if (rho < 0.25)
                {
                    radius = 0.5 * Math.Min(radius, Math.Max(stepNorm, MachineEpsilon * radius));
                }
                else if (rho >= 0.75 || gaussNewton)
                {
                    radius = Math.Max(radius, 2.0 * stepNorm);
                }

                bool accepted = rho >= AcceptanceRatio;
                double relativeActual = actual / chiSquare;
                double relativePredicted = predicted / chiSquare;
                if (accepted)
                {
                    (p, trial) = (trial, p);
                    (r, trialResiduals) = (trialResiduals, r);
                    chiSquare = trialChiSquare;
                    if (chiSquare == 0.0)
                    {
                        return new Outcome(p, chiSquare, iterations, FitStopReason.ExactFit);
                    }
                }

                if (Math.Abs(relativeActual) <= _options.FunctionTolerance && relativePredicted <= _options.FunctionTolerance
                    && rho <= 2.0 && predicted >= 0.0)
                {
                    return new Outcome(p, chiSquare, iterations, FitStopReason.ConvergedOnFunction);
                }

                double parameterNorm = ScaledNorm(scale, p);
                if (radius <= _options.StepTolerance * parameterNorm
                    || (parameterNorm == 0.0 && radius <= _options.StepTolerance))
                {
                    return new Outcome(p, chiSquare, iterations, FitStopReason.ConvergedOnStep);
                }

                if (accepted)
                {
                    break;
                }

                if (radius <= MachineEpsilon * parameterNorm || radius == 0.0)
                {
                    return new Outcome(p, chiSquare, iterations, FitStopReason.NoFurtherProgress);
                }
            }
        }
    }

    private static double MaxGradientCosine(double[] descent, double[] columnNorm, bool[] free, double chiSquare)
    {
        double residualNorm = Math.Sqrt(chiSquare);
        double worst = 0.0;
        bool anyFree = false;
        for (int j = 0; j < descent.Length; j++)
        {
            if (!free[j])
            {
                continue;
            }

            anyFree = true;
            if (columnNorm[j] > 0.0)
            {
                worst = Math.Max(worst, Math.Abs(descent[j]) / (columnNorm[j] * residualNorm));
            }
        }

        // Every parameter pinned on a bound with the gradient pointing outwards: a constrained optimum.
        return anyFree ? worst : 0.0;
    }

    private static double PredictedReduction(double[,] jacobian, double[] r, double[] step, double chiSquare)
    {
        // chi2 - |r - J step|^2 for the linearised model.
        double linearised = 0.0;
        for (int i = 0; i < r.Length; i++)
        {
            double change = 0.0;
            for (int j = 0; j < step.Length; j++)
            {
                change += jacobian[i, j] * step[j];
            }

            double ri = r[i] - change;
            linearised += ri * ri;
        }

        return chiSquare - linearised;
    }

    private static double ScaledNorm(double[] scale, double[] v)
    {
        double sum = 0.0;
        for (int j = 0; j < v.Length; j++)
        {
            double t = scale[j] * v[j];
            sum += t * t;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// min |r - J dp|^2 + lambda |D dp|^2 over the free parameters, through the SVD of J D^-1 = U S V^T:
    /// z = D dp = V diag(s / (s^2 + lambda)) U^T r, so |z| is a cheap, decreasing function of lambda.
    /// </summary>
    private sealed class DampedSubproblem
    {
        private readonly int[] _freeColumns;
        private readonly double[] _scale;
        private readonly double[] _singular;
        private readonly double[] _projected; // U^T r
        private readonly Matrix<double>? _v;

        private DampedSubproblem(int[] freeColumns, double[] scale, double[] singular, double[] projected, Matrix<double>? v)
        {
            _freeColumns = freeColumns;
            _scale = scale;
            _singular = singular;
            _projected = projected;
            _v = v;
        }

        public static DampedSubproblem Create(double[,] jacobian, double[] r, double[] scale, bool[] free)
        {
            int m = r.Length;
            var freeColumns = Enumerable.Range(0, free.Length).Where(j => free[j]).ToArray();
            int k = freeColumns.Length;
            if (k == 0)
            {
                return new DampedSubproblem(freeColumns, scale, [], [], null);
            }

            // Reduce to the small k x k triangle first (Householder, Q never formed): same singular
            // values and V as the m x k matrix, and U^T r = U_R^T (Q^T r). Pad with zero rows when
            // there are fewer points than free parameters.
            int rows = Math.Max(m, k);
            var scaled = new double[rows, k];
            for (int c = 0; c < k; c++)
            {
                int j = freeColumns[c];
                for (int i = 0; i < m; i++)
                {
                    scaled[i, c] = jacobian[i, j] / scale[j];
                }
            }

            var qtr = new double[rows];
            Array.Copy(r, qtr, m);
            var reduced = HouseholderReduction.ReduceToR(scaled, qtr);
            var svd = reduced.Svd(computeVectors: true);
            var singular = new double[k];
            var projected = new double[k];
            double cutoff = svd.S[0] * rows * MachineEpsilon;
            for (int c = 0; c < k; c++)
            {
                singular[c] = svd.S[c] > cutoff ? svd.S[c] : 0.0;
                double dot = 0.0;
                for (int i = 0; i < k; i++)
                {
                    dot += svd.U[i, c] * qtr[i];
                }

                projected[c] = dot;
            }

            return new DampedSubproblem(freeColumns, scale, singular, projected, svd.VT.Transpose());
        }

        /// <summary>Writes the step for trust radius <paramref name="radius"/>; returns true if it is the undamped (Gauss-Newton) step.</summary>
        public bool Step(double radius, double[] step)
        {
            Array.Clear(step);
            if (_v is null)
            {
                return true;
            }

            bool gaussNewton = ScaledStepNorm(0.0) <= 1.1 * radius;
            double lambda = gaussNewton ? 0.0 : SolveForRadius(radius);
            for (int c = 0; c < _freeColumns.Length; c++)
            {
                double z = 0.0;
                for (int k = 0; k < _singular.Length; k++)
                {
                    z += _v[c, k] * Coefficient(k, lambda);
                }

                step[_freeColumns[c]] = z / _scale[_freeColumns[c]];
            }

            return gaussNewton;
        }

        private double Coefficient(int k, double lambda)
        {
            double s = _singular[k];
            return s == 0.0 ? 0.0 : s * _projected[k] / ((s * s) + lambda);
        }

        private double ScaledStepNorm(double lambda)
        {
            double sum = 0.0;
            for (int k = 0; k < _singular.Length; k++)
            {
                double c = Coefficient(k, lambda);
                sum += c * c;
            }

            return Math.Sqrt(sum);
        }

        /// <summary>lambda with |z(lambda)| within 10 % of the radius, by bisection on log(lambda).</summary>
        private double SolveForRadius(double radius)
        {
            double smax = _singular.Max();
            double low = Math.Max(1e-300, smax * smax * 1e-30);
            double high = Math.Max(smax * smax, 1.0);
            while (ScaledStepNorm(high) > radius && high < 1e300)
            {
                high *= 1e3;
            }

            for (int i = 0; i < 200; i++)
            {
                double mid = Math.Sqrt(low * high);
                double norm = ScaledStepNorm(mid);
                if (Math.Abs(norm - radius) <= 0.1 * radius)
                {
                    return mid;
                }

                if (norm > radius)
                {
                    low = mid;
                }
                else
                {
                    high = mid;
                }
            }

            return high;
        }
    }
}
