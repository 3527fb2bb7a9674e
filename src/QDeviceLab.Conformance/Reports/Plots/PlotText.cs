using System.Globalization;

namespace QDeviceLab.Conformance;

/// <summary>
/// The words and numbers a plot shows: axis units with an SI prefix chosen for the data
/// (delay in µs, temperature in mK), and a result written as a metrologist would, the value
/// rounded to the two significant digits of its standard uncertainty ("47.6 ± 1.2 µs").
/// </summary>
internal static class PlotText
{
    /// <summary>Units an SI prefix may be put on. "Cliffords" and other counts are not scaled (no "kCliffords").</summary>
    private static readonly HashSet<string> PrefixableUnits = new(StringComparer.Ordinal) { "s", "Hz", "V", "K", "A", "W", "T", "m", "F", "H", "Ω" };

    private static readonly string[] Superscripts = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"];

    /// <summary>The factor to divide by and the unit to print for values up to <paramref name="magnitude"/>.</summary>
    public static (double Factor, string Unit) AxisUnit(double magnitude, string unit) =>
        PrefixableUnits.Contains(unit) ? SiFormat.Scale(magnitude, unit) : (1, unit is "1" ? "" : unit);

    /// <summary>"delay (µs)"; just the label when there is no unit.</summary>
    public static string AxisLabel(string label, string unit) => unit.Length == 0 ? label : $"{label} ({unit})";

    /// <summary>
    /// "47.6 ± 1.2 µs", or "(1.23 ± 0.05) × 10⁻³" for a small dimensionless number; the value
    /// alone with four significant digits when the uncertainty is unknown.
    /// </summary>
    public static string Result(double value, double uncertainty, string unit)
    {
        if (!double.IsFinite(value))
        {
            return "not measured";
        }

        var (factor, shownUnit) = AxisUnit(Math.Abs(value), unit);
        var exponent = 0;
        if (factor == 1 && shownUnit.Length == 0 && value != 0 && Math.Abs(value) < 1e-2)
        {
            // Dimensionless and small (an error per Clifford): engineering notation, as papers print it.
            exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
            factor = Math.Pow(10, exponent);
        }

        var v = value / factor;
        var u = uncertainty / factor;
        var suffix = shownUnit.Length == 0 ? "" : " " + shownUnit;
        string text;
        if (double.IsFinite(u) && u > 0)
        {
            var decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(u)), 0, 9);
            var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
            text = $"{v.ToString(format, CultureInfo.InvariantCulture)} ± {u.ToString(format, CultureInfo.InvariantCulture)}";
        }
        else
        {
            text = v.ToString("G4", CultureInfo.InvariantCulture);
        }

        return exponent == 0 ? text + suffix : $"({text}) × 10{Superscript(exponent)}{suffix}";
    }

    private static string Superscript(int exponent) =>
        (exponent < 0 ? "⁻" : "") + string.Concat(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(d => Superscripts[d - '0']));
}
