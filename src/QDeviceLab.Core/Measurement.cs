namespace QDeviceLab.Core;

/// <summary>
/// A measured value in SI units with its standard uncertainty (one standard deviation, GUM
/// "standard uncertainty") and the coverage factor used for the stated interval.
/// </summary>
public readonly record struct Measurement(double Value, double StandardUncertainty, string Unit)
{
    /// <summary>Two-sided normal coverage factor for a 95 % interval.</summary>
    public const double CoverageFactor95 = 1.959963984540054;

    /// <summary>The 95 % confidence interval, value +- k u with k from the normal distribution.</summary>
    public ConfidenceInterval Interval95 =>
        new(Value - CoverageFactor95 * StandardUncertainty, Value + CoverageFactor95 * StandardUncertainty, 0.95);

    public override string ToString() => $"{Value:G6} ± {StandardUncertainty:G3} {Unit}";
}

/// <summary>A closed interval [Low, High] at a confidence level (0.95 for 95 %).</summary>
public readonly record struct ConfidenceInterval(double Low, double High, double Level);
