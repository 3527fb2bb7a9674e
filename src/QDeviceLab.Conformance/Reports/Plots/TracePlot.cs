using ScottPlot;

namespace QDeviceLab.Conformance;

/// <summary>
/// An environment quantity over the run (the mixing-chamber temperature): every reading as a
/// point, joined in time order, against the time since the first reading, so an excursion
/// during one scenario stands out next to the results it may have spoiled.
/// </summary>
internal static class TracePlot
{
    private const int Height = 360;

    /// <summary>Whether there are at least two finite readings to draw a trace through.</summary>
    public static bool CanPlot(IEnumerable<EnvironmentReading> readings) => readings.Count(r => double.IsFinite(r.Value)) >= 2;

    public static PlotImage Render(IReadOnlyList<EnvironmentReading> readings, string quantity, string unit, string description)
    {
        ArgumentNullException.ThrowIfNull(readings);
        PlotFont.EnsureRegistered();
        var finite = readings.Where(r => double.IsFinite(r.Value)).OrderBy(r => r.TimeUtc).ToList();
        if (finite.Count < 2)
        {
            throw new ArgumentException($"{quantity}: a trace needs at least two finite readings, got {finite.Count}", nameof(readings));
        }

        var start = finite[0].TimeUtc;
        var seconds = finite.Select(r => (r.TimeUtc - start).TotalSeconds).ToArray();
        var (timeFactor, timeUnit) = seconds[^1] >= 600 ? (60.0, "min") : (1.0, "s");
        var (factor, shownUnit) = PlotText.AxisUnit(finite.Max(r => Math.Abs(r.Value)), unit);

        using var plot = FitPlot.NewPlot();
        plot.Title($"{quantity} over the run", 16);
        plot.XLabel(PlotText.AxisLabel($"time since {start.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", timeUnit), 14);
        plot.YLabel(PlotText.AxisLabel(quantity, shownUnit), 14);
        var trace = plot.Add.Scatter(seconds.Select(s => s / timeFactor).ToArray(), finite.Select(r => r.Value / factor).ToArray(), Color.FromHex("#0b5cad"));
        trace.MarkerSize = 5;
        trace.LineWidth = 1.5f;
        var values = finite.Select(r => r.Value / factor).ToList();
        var (low, high) = (values.Min(), values.Max());
        var pad = high > low ? (high - low) * 0.1 : Math.Max(Math.Abs(high), 1e-9) * 0.05;
        var span = seconds[^1] / timeFactor;
        plot.Axes.SetLimits(-span * 0.03, span * 1.03 + (span == 0 ? 1 : 0), low - pad, high + pad);
        plot.Layout.Fixed(new PixelPadding(84, 24, 56, 40));
        return PlotImage.Render(FitPlot.Width, [(plot, Height)], description);
    }
}
