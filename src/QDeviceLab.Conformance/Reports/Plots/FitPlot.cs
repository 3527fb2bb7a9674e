using System.Globalization;
using QDeviceLab.Analysis;
using ScottPlot;

namespace QDeviceLab.Conformance;

/// <summary>
/// The figure behind a fitted value, as a lab engineer would draw it: the measured points with
/// one-standard-uncertainty error bars (in RB, every sequence's survival behind the means), the
/// fitted curve with its 95 % confidence band, the result with its uncertainty in the legend,
/// and under it, on the same x axis, the normalised residuals (y - fit)/u with lines at ±2.
/// </summary>
internal static class FitPlot
{
    public const int Width = 800;
    private const int MainHeight = 430;
    private const int ResidualHeight = 170;
    private const float LeftMargin = 84;
    private const float RightMargin = 24;

    private static readonly Color DataColor = Color.FromHex("#0b5cad");
    private static readonly Color FitColor = Color.FromHex("#d1242f");
    private static readonly Color SampleColor = Color.FromHex("#8a8a8a").WithAlpha(0.55);

    /// <summary>Whether <paramref name="evidence"/> has at least one finite point to plot.</summary>
    public static bool CanPlot(FitEvidence? evidence) => evidence is not null && Points(evidence).Count > 0;

    /// <summary>Renders the figure; <paramref name="title"/> heads it, <paramref name="description"/> is its accessible name.</summary>
    public static PlotImage Render(MetricResult metric, FitEvidence evidence, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(evidence);
        PlotFont.EnsureRegistered();
        var points = Points(evidence);
        if (points.Count == 0)
        {
            throw new ArgumentException($"{title}: the fit evidence has no finite point to plot", nameof(evidence));
        }

        var curve = Finite(evidence.CurveX, evidence.CurveY);
        var band = Band(evidence);
        var samples = evidence.SampleX is { } sx && evidence.SampleY is { } sy ? Finite(sx, sy) : [];
        var residuals = Residuals(evidence, out var normalised);

        var allX = points.Select(p => p.X).Concat(curve.Select(c => c.X)).ToList();
        var (xFactor, xUnit) = PlotText.AxisUnit(allX.Max(Math.Abs), evidence.XUnit);
        var (xLow, xHigh) = (allX.Min() / xFactor, allX.Max() / xFactor);
        var xPad = xHigh > xLow ? (xHigh - xLow) * 0.03 : 1;

        using var main = NewPlot();
        main.Title(title, 16);
        main.YLabel(evidence.YLabel, 14);
        if (samples.Count > 0)
        {
            var scatter = main.Add.ScatterPoints(samples.Select(s => s.X / xFactor).ToArray(), samples.Select(s => s.Y).ToArray(), SampleColor);
            scatter.MarkerSize = 4;
            scatter.LegendText = "single sequences";
        }

        if (band.Count > 1)
        {
            var fill = main.Add.FillY(band.Select(b => b.X / xFactor).ToArray(), band.Select(b => b.Low).ToArray(), band.Select(b => b.High).ToArray());
            fill.FillColor = FitColor.WithAlpha(0.18);
            fill.LineWidth = 0;
            fill.LegendText = "95 % confidence band";
        }

        if (curve.Count > 1)
        {
            var line = main.Add.ScatterLine(curve.Select(c => c.X / xFactor).ToArray(), curve.Select(c => c.Y).ToArray(), FitColor);
            line.LineWidth = 2;
            line.LegendText = FitLegend(metric);
        }

        var xs = points.Select(p => p.X / xFactor).ToArray();
        var ys = points.Select(p => p.Y).ToArray();
        var bars = main.Add.ErrorBar(xs, ys, points.Select(p => p.U).ToArray());
        bars.Color = DataColor;
        bars.LineWidth = 1;
        bars.CapSize = points.Count > 60 ? 0 : 4;
        var data = main.Add.ScatterPoints(xs, ys, DataColor);
        data.MarkerSize = points.Count > 60 ? 4 : 6;
        data.LegendText = samples.Count > 0 ? "mean per length ± 1 s.e." : "data ± 1σ";

        // Headroom above the data for the legend, so it never sits on a point or the curve.
        var yValues = points.SelectMany(p => new[] { p.Y - p.U, p.Y + p.U })
            .Concat(curve.Select(c => c.Y)).Concat(band.SelectMany(b => new[] { b.Low, b.High })).Concat(samples.Select(s => s.Y)).ToList();
        var (yLow, yHigh) = (yValues.Min(), yValues.Max());
        var ySpan = yHigh > yLow ? yHigh - yLow : Math.Max(Math.Abs(yHigh), 1) * 0.1;
        var legendRows = main.GetPlottables().Count(p => p.LegendItems.Any(i => !string.IsNullOrEmpty(i.LabelText)));
        main.Axes.SetLimits(xLow - xPad, xHigh + xPad, yLow - ySpan * 0.05, yHigh + ySpan * (0.1 + 0.085 * legendRows));
        Legend(main);

        var xLabel = PlotText.AxisLabel(evidence.XLabel, xUnit);
        if (residuals.Count == 0)
        {
            main.XLabel(xLabel, 14);
            main.Layout.Fixed(new PixelPadding(LeftMargin, RightMargin, 56, 40));
            return PlotImage.Render(Width, [(main, MainHeight + 40)], description);
        }

        main.Axes.Bottom.TickLabelStyle.IsVisible = false;
        main.Layout.Fixed(new PixelPadding(LeftMargin, RightMargin, 8, 40));

        using var lower = NewPlot();
        lower.XLabel(xLabel, 14);
        lower.YLabel(normalised ? "residual / σ" : "residual", 14);
        if (normalised)
        {
            // The ±2σ strip, shaded rather than dashed: Skia's SVG writer cannot express dash patterns.
            var strip = lower.Add.VerticalSpan(-2, 2, FitColor.WithAlpha(0.08));
            strip.LineWidth = 0;
        }

        lower.Add.HorizontalLine(0, 1.5f, FitColor);

        var residualPoints = lower.Add.ScatterPoints(residuals.Select(r => r.X / xFactor).ToArray(), residuals.Select(r => r.R).ToArray(), DataColor);
        residualPoints.MarkerSize = points.Count > 60 ? 3 : 5;
        var extent = Math.Max(normalised ? 3 : 0, residuals.Max(r => Math.Abs(r.R))) * 1.1;
        lower.Axes.SetLimits(xLow - xPad, xHigh + xPad, -extent, extent);
        lower.Layout.Fixed(new PixelPadding(LeftMargin, RightMargin, 56, 6));
        return PlotImage.Render(Width, [(main, MainHeight), (lower, ResidualHeight)], description);
    }

    /// <summary>"fit: T1 = 47.6 ± 1.2 µs, χ²/ν = 1.04".</summary>
    private static string FitLegend(MetricResult metric)
    {
        var text = $"fit: {metric.Metric} = {PlotText.Result(metric.Value, metric.StandardUncertainty, metric.Unit)}";
        return metric.Fit?.ReducedChiSquare is { } chi2 && double.IsFinite(chi2)
            ? text + string.Create(CultureInfo.InvariantCulture, $", χ²/ν = {chi2:0.00}")
            : text;
    }

    internal static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Name);
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Grid.MajorLineColor = Color.FromHex("#000000").WithAlpha(0.08);
        return plot;
    }

    private static void Legend(Plot plot)
    {
        var legend = plot.ShowLegend(Alignment.UpperRight);
        legend.FontSize = 12;
        legend.FontName = PlotFont.Name;
        legend.SetBestFontOnEachRender = false;
        legend.BackgroundColor = Colors.White.WithAlpha(0.85);
        legend.OutlineColor = Color.FromHex("#bbbbbb");
    }

    private static List<(double X, double Y, double U)> Points(FitEvidence evidence) =>
        Enumerable.Range(0, Math.Min(evidence.X.Count, evidence.Y.Count))
            .Select(i => (X: evidence.X[i], Y: evidence.Y[i], U: i < evidence.YUncertainty.Count && double.IsFinite(evidence.YUncertainty[i]) && evidence.YUncertainty[i] > 0 ? evidence.YUncertainty[i] : 0))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToList();

    private static List<(double X, double Y)> Finite(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Enumerable.Range(0, Math.Min(x.Count, y.Count))
            .Select(i => (X: x[i], Y: y[i]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToList();

    private static List<(double X, double Low, double High)> Band(FitEvidence evidence)
    {
        if (evidence.CurveLow is not { } low || evidence.CurveHigh is not { } high)
        {
            return [];
        }

        return Enumerable.Range(0, Math.Min(evidence.CurveX.Count, Math.Min(low.Count, high.Count)))
            .Select(i => (X: evidence.CurveX[i], Low: low[i], High: high[i]))
            .Where(b => double.IsFinite(b.X) && double.IsFinite(b.Low) && double.IsFinite(b.High))
            .ToList();
    }

    /// <summary>Residuals divided by each point's uncertainty when every point has one (then ±2 is the 95 % scale), plain otherwise.</summary>
    private static List<(double X, double R)> Residuals(FitEvidence evidence, out bool normalised)
    {
        var count = Math.Min(evidence.X.Count, evidence.Y.Count);
        normalised = evidence.YUncertainty.Count >= count && evidence.YUncertainty.Take(count).All(u => double.IsFinite(u) && u > 0);
        if (evidence.FittedY is not { } fitted)
        {
            return [];
        }

        var divide = normalised;
        return Enumerable.Range(0, Math.Min(count, fitted.Count))
            .Select(i => (X: evidence.X[i], R: (evidence.Y[i] - fitted[i]) / (divide ? evidence.YUncertainty[i] : 1)))
            .Where(r => double.IsFinite(r.X) && double.IsFinite(r.R))
            .ToList();
    }
}
