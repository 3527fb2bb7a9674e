using ScottPlot;
using SkiaSharp;

namespace QDeviceLab.Conformance;

/// <summary>
/// The one typeface every report plot is drawn with: DejaVu Sans, embedded in this assembly.
/// Tick labels, legends and axis titles are laid out from glyph widths, so a plot drawn with
/// whatever font a machine happens to have would come out different (in PNG pixels and SVG
/// coordinates) from one lab PC to the next. With the font carried along, the same run record
/// gives the same plot bytes everywhere, and glyphs such as µ, ±, χ and ² are always there.
/// </summary>
internal static class PlotFont
{
    /// <summary>
    /// The name plots ask ScottPlot for. Deliberately not "DejaVu Sans", so an installed copy of
    /// that family (another version, other metrics) can never be picked instead.
    /// </summary>
    public const string Name = "QDeviceLab Plot Sans";

    /// <summary>What SVG text asks the browser for: the embedded family first, then look-alikes.</summary>
    public const string SvgFamilies = "DejaVu Sans, Verdana, Arial, sans-serif";

    private const string ResourceName = "QDeviceLab.Conformance.Plots.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Typeface = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>The family name inside the embedded font file, as SVG output names it.</summary>
    public static string FamilyName => Typeface.Value.FamilyName;

    /// <summary>Makes <see cref="Name"/> resolve to the embedded typeface; safe to call from any thread, any number of times.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
            registered = true;
        }
    }

    private static SKTypeface Load()
    {
        using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the plot font {ResourceName} is not embedded in {typeof(PlotFont).Assembly.GetName().Name}");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"the native Skia library could not read the embedded plot font {ResourceName}");
    }

    /// <summary>Answers only for <see cref="Name"/>, in every weight and slant (the plots use one face).</summary>
    private sealed class EmbeddedResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Name ? Typeface.Value : null;
    }
}
