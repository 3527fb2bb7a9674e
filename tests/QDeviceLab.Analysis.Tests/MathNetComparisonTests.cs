using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using QDeviceLab.Analysis.Tests.Support;

namespace QDeviceLab.Analysis.Tests;

/// <summary>
/// Pins down what Math.NET 5.0.0 reports, so our naming stays honest: its StandardErrors are
/// sqrt(diag(pinv(J^T W J)) * RSS_w / dof), i.e. our ScaledStandardErrors, never the absolute ones.
/// </summary>
public sealed class MathNetComparisonTests
{
    [Fact]
    public void MathNet_standard_errors_are_rescaled_by_the_reduced_chi_square_even_with_weights()
    {
        var model = new ExponentialDecayModel();
        double[] truth = [0.9, 20.0, 0.05];
        var x = SyntheticData.Linspace(0.0, 100.0, 41);
        var stated = SyntheticData.Constant(x.Length, 0.01);
        var y = new SyntheticData(41).WithGaussianNoise(model, truth, x, SyntheticData.Constant(x.Length, 0.03));
        var ours = CurveFitter.Fit(model, x, y, stated);

        var objective = ObjectiveFunction.NonlinearModel(
            (p, xs) => Vector<double>.Build.Dense(xs.Count, i => model.Evaluate(xs[i], p.ToArray())),
            (p, xs) =>
            {
                var jacobian = Matrix<double>.Build.Dense(xs.Count, 3);
                var row = new double[3];
                for (int i = 0; i < xs.Count; i++)
                {
                    model.Gradient(xs[i], p.ToArray(), row);
                    jacobian.SetRow(i, row);
                }

                return jacobian;
            },
            Vector<double>.Build.DenseOfArray(x),
            Vector<double>.Build.DenseOfArray(y),
            Vector<double>.Build.Dense(x.Length, i => 1.0 / (stated[i] * stated[i])));
        var theirs = new LevenbergMarquardtMinimizer(maximumIterations: 200).FindMinimum(objective, truth);

        Assert.InRange(ours.ReducedChiSquare, 5.0, 15.0);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(ours.Values[j], theirs.MinimizingPoint[j], 1e-6 * Math.Abs(ours.Values[j]));
            Assert.Equal(ours.ScaledStandardErrors[j], theirs.StandardErrors[j], 1e-4 * ours.ScaledStandardErrors[j]);
            Assert.NotEqual(ours.StandardErrors[j], theirs.StandardErrors[j], 0.5 * ours.StandardErrors[j]);
        }
    }
}
