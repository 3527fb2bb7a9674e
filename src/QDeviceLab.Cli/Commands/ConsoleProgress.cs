using System.Globalization;
using QDeviceLab.Conformance;
using QDeviceLab.Core;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// Prints one line per scenario as it finishes and a summary at the end. Plain text only, so
/// output redirected to a file or a CI log stays readable.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output) : IRunObserver
{
    public void ScenarioStarted(CompiledScenario scenario, int index, int count) =>
        output.Write($"[{index + 1}/{count}] {scenario.Name} ... ");

    public void ScenarioFinished(ScenarioResult result, int index, int count)
    {
        output.WriteLine($"{result.Verdict.ToReportWord()} ({result.Duration.TotalSeconds:F1} s)");
        foreach (var metric in result.Metrics)
        {
            output.WriteLine($"      {Describe(metric)}");
        }

        if (result.Verdict == Verdict.Error && result.FirstError is { } error)
        {
            var failed = result.Steps.FirstOrDefault(s => s.Error is not null);
            output.WriteLine($"      {result.Feature}:{failed?.Line}: {error.ReplaceLineEndings(" ")}");
        }
    }

    public async Task PrintSummaryAsync(RunRecord record, string reportDirectory, TimeSpan elapsed)
    {
        var counts = record.Scenarios.GroupBy(s => s.Verdict).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToReportWord()}");
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Scenarios: {record.Scenarios.Count} ({string.Join(", ", counts)})").ConfigureAwait(false);
        await output.WriteLineAsync($"Overall verdict: {record.Verdict.ToReportWord()}").ConfigureAwait(false);
        await output.WriteLineAsync($"Report: {Path.Combine(reportDirectory, "report.json")}").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wall time: {elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
    }

    internal static string Describe(MetricResult m)
    {
        var (scale, unit) = m.Unit switch { "s" => (1e6, " µs"), "1" => (1.0, ""), _ => (1.0, " " + m.Unit) };
        var decimals = Decimals(m.StandardUncertainty * scale);
        string Show(double v) => (v * scale).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return $"{m.Metric} = {Show(m.Value)} ± {Show(m.StandardUncertainty)}{unit} (95 % CI {Show(m.IntervalLow)} to {Show(m.IntervalHigh)}) vs {m.ClauseId} {LimitText(m.Limit, scale, unit)}: {m.Verdict.ToReportWord()}";
    }

    /// <summary>Enough decimals to show the uncertainty to two significant digits (and the value to match).</summary>
    internal static int Decimals(double uncertainty) =>
        uncertainty > 0 && double.IsFinite(uncertainty) ? Math.Clamp(1 - (int)Math.Floor(Math.Log10(uncertainty)), 0, 12) : 4;

    private static string LimitText(Limit? limit, double scale, string unit) => limit switch
    {
        { Min: { } min, Max: { } max } => string.Create(CultureInfo.InvariantCulture, $"[{min * scale:G4}, {max * scale:G4}]{unit}"),
        { Min: { } min } => string.Create(CultureInfo.InvariantCulture, $">= {min * scale:G4}{unit}"),
        { Max: { } max } => string.Create(CultureInfo.InvariantCulture, $"<= {max * scale:G4}{unit}"),
        _ => "(no limit)",
    };
}
