namespace QDeviceLab.Analysis;

/// <summary>
/// Validated data for one fit: residuals r_i = (y_i - f(x_i; p)) / sigma_i and their Jacobian
/// with respect to the model, J_ij = (df/dp_j)(x_i) / sigma_i. Chi-square is r.r.
/// </summary>
internal sealed class WeightedLeastSquaresProblem
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _inverseSigma;
    private readonly double[] _gradientRow;

    public WeightedLeastSquaresProblem(IFitModel model, double[] x, double[] y, double[] inverseSigma, ParameterBounds[] bounds)
    {
        Model = model;
        _x = x;
        _y = y;
        _inverseSigma = inverseSigma;
        Bounds = bounds;
        _gradientRow = new double[model.ParameterNames.Count];
    }

    public IFitModel Model { get; }

    public ParameterBounds[] Bounds { get; }

    public int PointCount => _x.Length;

    public int ParameterCount => Bounds.Length;

    /// <summary>Fills <paramref name="residuals"/> and returns chi-square (NaN or infinity when the model is not finite).</summary>
    public double EvaluateResiduals(double[] p, double[] residuals)
    {
        double chiSquare = 0.0;
        for (int i = 0; i < _x.Length; i++)
        {
            double r = (_y[i] - Model.Evaluate(_x[i], p)) * _inverseSigma[i];
            residuals[i] = r;
            chiSquare += r * r;
        }

        return chiSquare;
    }

    /// <summary>Fills the weighted model Jacobian; returns false when any entry is not finite.</summary>
    public bool EvaluateJacobian(double[] p, double[,] jacobian)
    {
        bool finite = true;
        for (int i = 0; i < _x.Length; i++)
        {
            Array.Clear(_gradientRow);
            Model.Gradient(_x[i], p, _gradientRow);
            for (int j = 0; j < _gradientRow.Length; j++)
            {
                double value = _gradientRow[j] * _inverseSigma[i];
                jacobian[i, j] = value;
                finite &= double.IsFinite(value);
            }
        }

        return finite;
    }
}
