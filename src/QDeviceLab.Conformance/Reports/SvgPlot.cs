using System.Globalization;
using System.Text;
using QDeviceLab.Analysis;

namespace QDeviceLab.Conformance;

/// <summary>
/// Inline SVG plots for report.html, written by hand: a few hundred bytes of plain elements
/// render identically in every browser and PDF printer, need no native graphics library or
/// font on the machine that writes them, and keep the report one self-contained file.
/// </summary>
internal static class SvgPlot
{
    private const double Width = 640;
    private const double Height = 340;
    private const double Left = 64;
    private const double Right = 16;
    private const double Top = 16;
    private const double Bottom = 48;

    /// <summary>Data with error bars and the fitted curve; an empty string when there is nothing finite to plot.</summary>
    public static string FitEvidence(FitEvidence evidence, string title)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var points = Enumerable.Range(0, Math.Min(evidence.X.Count, evidence.Y.Count))
            .Select(i => (X: evidence.X[i], Y: evidence.Y[i], U: i < evidence.YUncertainty.Count ? evidence.YUncertainty[i] : 0))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToList();
        var curve = Enumerable.Range(0, Math.Min(evidence.CurveX.Count, evidence.CurveY.Count))
            .Select(i => (X: evidence.CurveX[i], Y: evidence.CurveY[i]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToList();
        if (points.Count == 0)
        {
            return "";
        }

        var (xScale, xUnit) = SiFormat.Scale(points.Max(p => Math.Abs(p.X)), evidence.XUnit);
        var xs = points.Select(p => p.X).Concat(curve.Select(c => c.X)).ToList();
        var band = BandPoints(evidence);
        var ys = points.SelectMany(p => new[] { p.Y - Bar(p.U), p.Y + Bar(p.U) }).Concat(curve.Select(c => c.Y))
            .Concat(band.SelectMany(b => new[] { b.Low, b.High })).ToList();
        var residuals = Residuals(evidence);
        var totalHeight = residuals.Count > 0 ? Height + ResidualPanelHeight : Height;
        var xAxis = Axis.Nice(xs.Min() / xScale, xs.Max() / xScale);
        var yAxis = Axis.Nice(ys.Min(), ys.Max());
        double Px(double x) => Left + (x / xScale - xAxis.Low) / (xAxis.High - xAxis.Low) * (Width - Left - Right);
        double Py(double y) => Height - Bottom - (y - yAxis.Low) / (yAxis.High - yAxis.Low) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {totalHeight}\" width=\"{Width}\" height=\"{totalHeight}\" role=\"img\" aria-label=\"{Html.Escape(title)}\">");
        svg.Append("<title>").Append(Html.Escape(title)).Append("</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"#fff\" stroke=\"#888\"/>");
        foreach (var tick in xAxis.Ticks)
        {
            var x = F(Px(tick * xScale));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{x}\" y1=\"{Top}\" x2=\"{x}\" y2=\"{Height - Bottom}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Html.Escape(Axis.Label(tick))}</text>");
        }

        foreach (var tick in yAxis.Ticks)
        {
            var y = F(Py(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Html.Escape(Axis.Label(tick))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F((Left + Width - Right) / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Html.Escape(evidence.XLabel)} ({Html.Escape(xUnit)})</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {F((Top + Height - Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{Html.Escape(evidence.YLabel)}</text>");

        svg.Append("<g class=\"errorbars\">");
        foreach (var (x, y, u) in points)
        {
            if (Bar(u) > 0)
            {
                var (px, low, high) = (F(Px(x)), F(Py(y - u)), F(Py(y + u)));
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{px} {low}V{high}M{F(Px(x) - 3)} {low}h6M{F(Px(x) - 3)} {high}h6\"/>");
            }
        }

        svg.Append("</g>");
        AppendBand(svg, band, Px, Py);
        if (curve.Count > 1)
        {
            svg.Append("<polyline class=\"fit\" points=\"");
            svg.AppendJoin(' ', curve.Select(c => F(Px(c.X)) + "," + F(Py(c.Y))));
            svg.Append("\"/>");
        }

        svg.Append("<g class=\"points\">");
        foreach (var (x, y, _) in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(Px(x))}\" cy=\"{F(Py(y))}\" r=\"2.5\"/>");
        }

        svg.Append("</g>");
        AppendResidualPanel(svg, residuals, Normalized(evidence), Px);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A time series (e.g. the mixing-chamber temperature over the run) as points joined by a line.</summary>
    public static string TimeSeries(IReadOnlyList<(DateTimeOffset Time, double Value)> samples, string yLabel, string unit, string title)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var finite = samples.Where(s => double.IsFinite(s.Value)).OrderBy(s => s.Time).ToList();
        if (finite.Count < 2)
        {
            return "";
        }

        var start = finite[0].Time;
        var evidence = new FitEvidence(
            "time since first reading", "s", yLabel,
            finite.Select(s => (s.Time - start).TotalSeconds).ToList(),
            finite.Select(s => s.Value).ToList(),
            finite.Select(_ => 0.0).ToList(),
            finite.Select(s => (s.Time - start).TotalSeconds).ToList(),
            finite.Select(s => s.Value).ToList(),
            "", new Dictionary<string, double>());
        var (scale, scaled) = SiFormat.Scale(finite.Max(s => Math.Abs(s.Value)), unit);
        var shown = evidence with
        {
            YLabel = $"{yLabel} ({scaled})",
            Y = evidence.Y.Select(v => v / scale).ToList(),
            CurveY = evidence.CurveY.Select(v => v / scale).ToList(),
        };
        return FitEvidence(shown, title);
    }

    /// <summary>Height added under a fit plot for its residuals.</summary>
    private const double ResidualPanelHeight = 120;

    /// <summary>The 95 % band of the curve (delta method, carried by the evidence), finite points only.</summary>
    private static List<(double X, double Low, double High)> BandPoints(FitEvidence evidence)
    {
        if (evidence.CurveLow is not { } low || evidence.CurveHigh is not { } high)
        {
            return [];
        }

        var count = Math.Min(evidence.CurveX.Count, Math.Min(low.Count, high.Count));
        return Enumerable.Range(0, count)
            .Select(i => (X: evidence.CurveX[i], Low: low[i], High: high[i]))
            .Where(b => double.IsFinite(b.X) && double.IsFinite(b.Low) && double.IsFinite(b.High))
            .ToList();
    }

    /// <summary>A shaded polygon: the upper edge left to right, then the lower edge back.</summary>
    private static void AppendBand(StringBuilder svg, List<(double X, double Low, double High)> band, Func<double, double> px, Func<double, double> py)
    {
        if (band.Count < 2)
        {
            return;
        }

        // Inline presentation attributes rather than CSS classes: the stylesheet belongs to the report's layout.
        svg.Append("<polygon class=\"band\" fill=\"#d1242f\" fill-opacity=\"0.15\" stroke=\"none\" points=\"");
        svg.AppendJoin(' ', band.Select(b => F(px(b.X)) + "," + F(py(b.High))).Concat(band.AsEnumerable().Reverse().Select(b => F(px(b.X)) + "," + F(py(b.Low)))));
        svg.Append("\"><title>95 % confidence band of the fitted curve (delta method)</title></polygon>");
    }

    /// <summary>Residuals are divided by each point's uncertainty when every point has one, so +-2 is the 95 % scale.</summary>
    private static bool Normalized(FitEvidence evidence) =>
        evidence.YUncertainty.Count >= evidence.X.Count && evidence.YUncertainty.Take(evidence.X.Count).All(u => Bar(u) > 0);

    private static List<(double X, double R)> Residuals(FitEvidence evidence)
    {
        if (evidence.FittedY is not { } fitted)
        {
            return [];
        }

        var normalized = Normalized(evidence);
        var count = Math.Min(Math.Min(evidence.X.Count, evidence.Y.Count), fitted.Count);
        return Enumerable.Range(0, count)
            .Select(i => (X: evidence.X[i], R: (evidence.Y[i] - fitted[i]) / (normalized ? evidence.YUncertainty[i] : 1)))
            .Where(r => double.IsFinite(r.X) && double.IsFinite(r.R))
            .ToList();
    }

    /// <summary>A panel under the plot, sharing its x axis: residual per point, a zero line and, when normalized, +-2 lines.</summary>
    private static void AppendResidualPanel(StringBuilder svg, List<(double X, double R)> residuals, bool normalized, Func<double, double> px)
    {
        if (residuals.Count == 0)
        {
            return;
        }

        var (top, bottom) = (Height + 4, Height + ResidualPanelHeight - 20);
        var extent = Math.Max(normalized ? 3 : 0, residuals.Max(r => Math.Abs(r.R)));
        var axis = Axis.Nice(-extent, extent);
        double Py(double r) => bottom - (r - axis.Low) / (axis.High - axis.Low) * (bottom - top);
        svg.Append("<g class=\"residuals\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{Width - Left - Right}\" height=\"{bottom - top}\" fill=\"#fff\" stroke=\"#888\"/>");
        foreach (var tick in axis.Ticks)
        {
            var y = F(Py(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Html.Escape(Axis.Label(tick))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Py(0))}\" x2=\"{Width - Right}\" y2=\"{F(Py(0))}\" stroke=\"#d1242f\"/>");
        if (normalized)
        {
            foreach (var level in new[] { -2.0, 2.0 })
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Py(level))}\" x2=\"{Width - Right}\" y2=\"{F(Py(level))}\" stroke=\"#d1242f\" stroke-dasharray=\"4 3\"/>");
            }
        }

        var label = normalized ? "residual / u" : "residual";
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {F((top + bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{label}</text>");
        foreach (var (x, r) in residuals)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(px(x))}\" cy=\"{F(Py(r))}\" r=\"2.5\" fill=\"#0b5cad\"/>");
        }

        svg.Append("</g>");
    }

    private static double Bar(double u) => double.IsFinite(u) && u > 0 ? u : 0;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>An axis range widened to round numbers, with ticks at 1, 2 or 5 times a power of ten.</summary>
    private sealed record Axis(double Low, double High, IReadOnlyList<double> Ticks)
    {
        public static Axis Nice(double low, double high)
        {
            if (!(high > low))
            {
                var pad = low == 0 ? 1 : Math.Abs(low) * 0.1;
                (low, high) = (low - pad, high + pad);
            }

            var rough = (high - low) / 5;
            var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= rough);
            var first = Math.Floor(low / step) * step;
            var last = Math.Ceiling(high / step) * step;
            var ticks = new List<double>();
            for (var t = first; t <= last + step / 2; t += step)
            {
                ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
            }

            return new Axis(first, last, ticks);
        }

        public static string Label(double tick) => tick.ToString("G4", CultureInfo.InvariantCulture);
    }
}
