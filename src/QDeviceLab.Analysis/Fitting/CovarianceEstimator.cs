using MathNet.Numerics.LinearAlgebra;

namespace QDeviceLab.Analysis;

/// <summary>
/// inv(J^T W J) from the weighted Jacobian at the minimum, via an SVD of the column-equilibrated
/// Jacobian: never forms J^T J (which squares the condition number), and column scaling keeps
/// parameters of very different magnitude (Misra1a: 239 and 5.5e-4) from looking rank-deficient.
/// </summary>
internal static class CovarianceEstimator
{
    /// <summary>Returns the covariance, or null when J does not have full column rank.</summary>
    public static double[,]? Absolute(double[,] weightedJacobian)
    {
        int m = weightedJacobian.GetLength(0);
        int n = weightedJacobian.GetLength(1);
        var columnNorm = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0.0;
            for (int i = 0; i < m; i++)
            {
                sum += weightedJacobian[i, j] * weightedJacobian[i, j];
            }

            columnNorm[j] = Math.Sqrt(sum);
            if (!(columnNorm[j] > 0.0) || !double.IsFinite(columnNorm[j]))
            {
                return null; // a parameter the data do not constrain at all
            }
        }

        var equilibrated = new double[Math.Max(m, n), n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                equilibrated[i, j] = weightedJacobian[i, j] / columnNorm[j];
            }
        }

        // Same singular values and right singular vectors as the tall matrix, from its small R.
        var svd = HouseholderReduction.ReduceToR(equilibrated).Svd(computeVectors: true);
        var singular = svd.S;
        const double machineEpsilon = 2.220446049250313e-16;
        double threshold = singular.Maximum() * Math.Max(m, n) * machineEpsilon;
        if (singular.Minimum() <= threshold)
        {
            return null;
        }

        var v = svd.VT.Transpose();
        var covariance = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double sum = 0.0;
                for (int k = 0; k < n; k++)
                {
                    sum += v[a, k] * v[b, k] / (singular[k] * singular[k]);
                }

                covariance[a, b] = sum / (columnNorm[a] * columnNorm[b]);
            }
        }

        return covariance;
    }
}
