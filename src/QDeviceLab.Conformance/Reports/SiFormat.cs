using System.Globalization;

namespace QDeviceLab.Conformance;

/// <summary>
/// Numbers for people: an SI value shown with the prefix that suits its size (47.6 µs, not
/// 4.76E-05 s). Reports keep SI in their data; only the text a reader sees is scaled.
/// </summary>
internal static class SiFormat
{
    private static readonly (double Factor, string Prefix)[] Prefixes =
    [
        (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"), (1e-12, "p"),
    ];

    /// <summary>The factor to divide by and the prefixed unit for values around <paramref name="magnitude"/>.</summary>
    public static (double Factor, string Unit) Scale(double magnitude, string unit)
    {
        if (unit is "1" or "" || !double.IsFinite(magnitude) || magnitude == 0)
        {
            return (1, unit is "1" ? "" : unit);
        }

        var size = Math.Abs(magnitude);
        foreach (var (factor, prefix) in Prefixes)
        {
            if (size >= factor)
            {
                return (factor, prefix + unit);
            }
        }

        return (1e-12, "p" + unit);
    }

    /// <summary><paramref name="value"/> in <paramref name="unit"/> scaled by <paramref name="scale"/>, 4 significant digits; "—" when not finite.</summary>
    public static string Number(double value, double scale = 1, string format = "G4") =>
        double.IsFinite(value) ? (value / scale).ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Number(double? value, double scale = 1, string format = "G4") =>
        value is { } v ? Number(v, scale, format) : "—";

    /// <summary>A limit in the scaled unit, e.g. "≥ 20 µs".</summary>
    public static string Limit(Limit? limit, double scale, string unit) => limit switch
    {
        { Min: { } min, Max: { } max } => $"{Number(min, scale)} … {Number(max, scale)} {unit}",
        { Min: { } min } => $"≥ {Number(min, scale)} {unit}",
        { Max: { } max } => $"≤ {Number(max, scale)} {unit}",
        _ => "none",
    };
}
