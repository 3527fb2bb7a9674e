using System.CommandLine;
using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Protocols;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab fit RAWFILE</c>: re-runs the fit of a saved <c>*.raw.json</c> offline and prints the
/// value and standard uncertainty, exactly as the run reported them (docs/raw-data.md).
/// </summary>
internal static class FitCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("rawfile") { Description = "A raw-data summary (*.raw.json) written by qdlab run" };
        var command = new Command("fit", "Re-fit a saved raw-data summary and print the value and its uncertainty") { file };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"no raw-data file '{path}'");
            }

            var metric = OfflineFit.Refit(path);
            foreach (var line in Describe(path, metric))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ExitCodes.Pass;
        });
        return command;
    }

    /// <summary>
    /// A human line, then the value and uncertainty in round-trip form (the same digits as
    /// report.json, so scripts can compare them), then the fit's health.
    /// </summary>
    internal static IEnumerable<string> Describe(string path, IMeasuredMetric metric)
    {
        var summary = metric switch
        {
            Protocols.Coherence.CoherenceResult c => (IRawDataSummary)c.Data,
            Protocols.Readout.AssignmentFidelityResult r => r.Data,
            Protocols.Calibration.RabiResult r => r.Data,
            _ => null,
        };
        var v = metric.Value;
        var (scale, unit, format) = v.Unit switch
        {
            "s" => (1e6, "µs", "F2"),
            "1" => (1.0, "", "F4"),
            _ => (1.0, " " + v.Unit, "G5"),
        };
        var interval = v.Interval95;
        string Scaled(double x) => (x * scale).ToString(format, CultureInfo.InvariantCulture);
        var space = unit.Length > 0 && unit[0] != ' ' ? " " : string.Empty;

        yield return $"{path}: {summary?.Protocol ?? "unknown protocol"} of {metric.Qubit}";
        if (summary is { Complete: false })
        {
            yield return "warning: the acquisition stopped early; this is the fit of the points that were taken";
        }

        yield return $"{metric.Metric} = {Scaled(v.Value)} ± {Scaled(v.StandardUncertainty)}{space}{unit} (95 % CI {Scaled(interval.Low)}-{Scaled(interval.High)}{space}{unit})";
        yield return string.Create(CultureInfo.InvariantCulture, $"value: {v.Value:R} {v.Unit}");
        yield return string.Create(CultureInfo.InvariantCulture, $"standard uncertainty: {v.StandardUncertainty:R} {v.Unit}");
        if (metric.Fit is { } fit)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"fit: {fit.Formula}, reduced chi-square {fit.ReducedChiSquare:F3}, stopped {fit.StopReason}");
        }

        yield return $"method: {metric.Method}";
    }
}
