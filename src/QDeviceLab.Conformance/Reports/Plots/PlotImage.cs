using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace QDeviceLab.Conformance;

/// <summary>
/// One report figure as both files a report folder keeps: SVG (vector, embedded inline in
/// <c>report.html</c>, scales for print) and PNG (for slides, e-mail, tickets). Both are drawn
/// from the same ScottPlot panels stacked on one canvas, so they show the same thing.
/// </summary>
internal sealed partial record PlotImage(string Svg, byte[] Png, int Width, int Height)
{
    /// <summary>PNG pixels per SVG unit: sharp on a high-density screen and in print.</summary>
    public const float PngScale = 2;

    /// <summary>The SVG as an element to put inside HTML: no XML declaration.</summary>
    public string InlineSvg => Svg.StartsWith("<?xml", StringComparison.Ordinal) ? Svg[(Svg.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart() : Svg;

    /// <summary>
    /// Draws <paramref name="panels"/> top to bottom, each the full <paramref name="width"/>, and
    /// labels the whole figure with <paramref name="description"/> for screen readers
    /// (<c>role="img"</c>, <c>aria-label</c> and an SVG <c>title</c>).
    /// </summary>
    public static PlotImage Render(int width, IReadOnlyList<(Plot Plot, int Height)> panels, string description)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var height = panels.Sum(p => p.Height);

        // ScottPlot lays a plot out again (and draws it twice) on its first render; a first pass
        // on a canvas that draws nothing leaves every element in the SVG once.
        using (var layout = new SKNoDrawCanvas(width, height))
        {
            Draw(layout, width, panels);
        }

        return new PlotImage(DrawSvg(width, height, panels, description), DrawPng(width, height, panels), width, height);
    }

    private static void Draw(SKCanvas canvas, int width, IReadOnlyList<(Plot Plot, int Height)> panels)
    {
        canvas.Clear(SKColors.White);
        var top = 0;
        foreach (var (plot, panelHeight) in panels)
        {
            // ScottPlot clears the canvas before drawing a plot; the clip keeps it to its own panel.
            canvas.Save();
            canvas.ClipRect(new SKRect(0, top, width, top + panelHeight));
            plot.Render(canvas, new PixelRect(0, width, top + panelHeight, top));
            canvas.Restore();
            top += panelHeight;
        }
    }

    private static string DrawSvg(int width, int height, IReadOnlyList<(Plot Plot, int Height)> panels, string description)
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
        {
            Draw(canvas, width, panels);
        }

        var svg = Tidy(Encoding.UTF8.GetString(stream.ToArray()));

        // Skia writes a bare <svg width height>: give it a viewBox so the page can scale it,
        // the class report.html styles, and its accessible name; and let the browser fall back
        // to a look-alike font where DejaVu Sans is not installed (glyph positions are explicit).
        var root = svg.IndexOf("<svg ", StringComparison.Ordinal);
        var rootEnd = svg.IndexOf('>', root);
        var escaped = Html.Escape(description);
        var opening = $"<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{escaped}\">";
        return new StringBuilder(svg.Length + 512)
            .Append(svg, 0, root)
            .Append(opening).Append('\n').Append("<title>").Append(escaped).Append("</title>")
            .Append(svg, rootEnd + 1, svg.Length - rootEnd - 1)
            .Replace($"font-family=\"{PlotFont.FamilyName}\"", $"font-family=\"{PlotFont.SvgFamilies}\"")
            .ToString();
    }

    /// <summary>
    /// Makes Skia's SVG the same bytes for the same figure and smaller: clip ids come from a
    /// process-wide counter, so they are renumbered per document; coordinates are rounded to
    /// 1/100 px (invisible, and a third of the size); the trailing comma Skia leaves in glyph
    /// position lists, which strict SVG parsers reject, is dropped.
    /// </summary>
    internal static string Tidy(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        svg = ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Groups[1].Value, out var id))
            {
                id = "clip" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture);
                ids.Add(m.Groups[1].Value, id);
            }

            return m.Value.Replace(m.Groups[1].Value, id, StringComparison.Ordinal);
        });
        return GeometryAttribute().Replace(svg, attribute =>
        {
            var value = LongDecimal().Replace(attribute.Groups[2].Value, n =>
            {
                var rounded = Math.Round(double.Parse(n.Value, CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero);
                return rounded.ToString("0.##", CultureInfo.InvariantCulture);
            });
            return $"{attribute.Groups[1].Value}=\"{value.TrimEnd(' ', ',')}\"";
        });
    }

    [GeneratedRegex(@"(?:id=""|url\(#)(cl_[0-9a-fA-F]+)")]
    private static partial Regex ClipId();

    [GeneratedRegex(@"(?<=\s)(d|x|y|cx|cy|rx|ry|x1|y1|x2|y2|width|height|transform|points|stroke-width|stroke-opacity|fill-opacity|opacity|stroke-miterlimit)=""([^""]*)""")]
    private static partial Regex GeometryAttribute();

    [GeneratedRegex(@"-?\d+\.\d{3,}")]
    private static partial Regex LongDecimal();

    private static byte[] DrawPng(int width, int height, IReadOnlyList<(Plot Plot, int Height)> panels)
    {
        var info = new SKImageInfo((int)(width * PngScale), (int)(height * PngScale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"Skia could not make a {info.Width}x{info.Height} raster surface for a plot");
        surface.Canvas.Scale(PngScale);
        Draw(surface.Canvas, width, panels);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("Skia gave no pixels for a raster plot");

        // The "up" filter and zlib level 3: plots are mostly flat colour, so trying every filter
        // saves under 1 % of the bytes and costs about half again the CPU (measured on the 39
        // figures of a default run); the default encoder took twice as long again.
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 3))
            ?? throw new InvalidOperationException("Skia could not encode a plot as PNG");
        return data.ToArray();
    }
}
