using System.Globalization;
using System.Text;

namespace QDeviceLab.Bench.Calibration;

/// <summary>Per metric: coverage of value +- 1.96 u over the reference, relative bias with its standard error, spread against the stated u, grades.</summary>
internal static class Summary
{
    public static string Render(IReadOnlyList<MetricRow> rows, int seeds, string qubit)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"calibration of {qubit} over {seeds} seeds (95 % interval = value +- 1.96 u)"));
        text.AppendLine("metric  n    coverage  rel.bias (+- s.e.)     sd/mean(u)  mean s/seed  GOOD grades  reference");
        foreach (var group in rows.GroupBy(r => r.Metric))
        {
            var list = group.ToList();
            var n = list.Count;
            var covered = list.Count(r => Math.Abs(r.Value - r.Reference) <= 1.959963984540054 * r.Uncertainty);
            var relative = list.Select(r => r.Value / r.Reference - 1).ToList();
            var bias = relative.Average();
            var biasError = n > 1 ? Math.Sqrt(relative.Sum(v => (v - bias) * (v - bias)) / (n - 1) / n) : double.NaN;
            var mean = list.Average(r => r.Value);
            var sd = n > 1 ? Math.Sqrt(list.Sum(r => (r.Value - mean) * (r.Value - mean)) / (n - 1)) : double.NaN;
            var good = list.Count(r => r.Grade.StartsWith("GOOD", StringComparison.Ordinal));
            var graded = list.Count(r => r.Grade != "-");
            var reference = group.Key == "EPC" ? "exact RB decay of the played Cliffords (RbTruthFor)" : "emulator truth";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key,-7} {n,-4} {covered,3}/{n,-3} {(double)covered / n,6:P1}  {bias,8:P2} +- {biasError,6:P2}   {sd / list.Average(r => r.Uncertainty),6:F2}      {list.Average(r => r.Seconds),6:F2}      {(graded == 0 ? "-" : $"{good}/{graded}"),-11}  {reference}"));
        }

        return text.ToString();
    }
}
