namespace QDeviceLab.Analysis;

/// <summary>
/// The points a fit was made to and the fitted curve, in SI units: what a report plots next to a
/// value so a reader can judge the fit by eye, and what a re-analysis starts from.
/// </summary>
public sealed record FitEvidence(
    string XLabel,
    string XUnit,
    string YLabel,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    IReadOnlyList<double> YUncertainty,
    IReadOnlyList<double> CurveX,
    IReadOnlyList<double> CurveY,
    string Formula,
    IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>Evaluates <paramref name="model"/> at the fitted values on an even grid spanning the data.</summary>
    public static FitEvidence From(
        IFitModel model, FitResult fit, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma,
        string xLabel, string xUnit, string yLabel, int curvePoints = 400)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(curvePoints, 2);
        var values = fit.Values.ToArray();
        var (low, high) = (x.Min(), x.Max());
        var curveX = Enumerable.Range(0, curvePoints).Select(i => low + (high - low) * i / (curvePoints - 1)).ToArray();
        var curveY = curveX.Select(t => model.Evaluate(t, values)).ToArray();
        var parameters = fit.ParameterNames.Zip(fit.Values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var (bandLow, bandHigh) = ConfidenceBand.Of(model, fit, curveX);
        return new FitEvidence(xLabel, xUnit, yLabel, [.. x], [.. y], [.. sigma], curveX, curveY, fit.Formula, parameters)
        {
            FittedY = x.Select(t => model.Evaluate(t, values)).ToArray(),
            CurveLow = bandLow,
            CurveHigh = bandHigh,
            Grade = fit.Grade(x),
        };
    }

    /// <summary>The fitted curve at each data x (residual = Y - FittedY); null for evidence without a fit.</summary>
    public IReadOnlyList<double>? FittedY { get; init; }

    /// <summary>Lower edge of the 95 % confidence band of the curve at each <see cref="CurveX"/> (delta method, <see cref="ConfidenceBand"/>).</summary>
    public IReadOnlyList<double>? CurveLow { get; init; }

    /// <summary>Upper edge of the 95 % confidence band of the curve at each <see cref="CurveX"/>.</summary>
    public IReadOnlyList<double>? CurveHigh { get; init; }

    /// <summary>The fit's grade on these points (<see cref="FitGrader"/>); null for evidence without a fit.</summary>
    public FitGrade? Grade { get; init; }

    /// <summary>
    /// The individual measurements each point summarises, at <see cref="SampleX"/> (in RB, every
    /// random sequence's survival, of which <see cref="Y"/> holds the mean per length): plotted
    /// beside the means so a reader sees the scatter the error bars stand for. Null when every
    /// point is a measurement of its own.
    /// </summary>
    public IReadOnlyList<double>? SampleX { get; init; }

    /// <summary>The values of the individual measurements at <see cref="SampleX"/>.</summary>
    public IReadOnlyList<double>? SampleY { get; init; }
}
