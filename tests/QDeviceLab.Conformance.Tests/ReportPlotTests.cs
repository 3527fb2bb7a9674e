using System.Buffers.Binary;
using System.Text.Json;
using System.Xml.Linq;
using QDeviceLab.Analysis;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;
using SkiaSharp;

namespace QDeviceLab.Conformance.Tests;

/// <summary>The figures under plots/: what each shows, that both files are sound, and that they are reproducible.</summary>
public class ReportPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A T1 decay with 5 % noise of known size, fitted for real, so the figure has a band and residuals.</summary>
    private static (MetricResult Metric, FitEvidence Evidence) FittedT1(int points = 21, double tau = 47e-6)
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, points).Select(i => i * 5 * tau / (points - 1)).ToArray();
        var sigma = x.Select(_ => 0.02).ToArray();
        var y = x.Select(t => (0.95 * Math.Exp(-t / tau)) + 0.02 + (0.02 * Gaussian(random))).ToArray();
        var model = new ExponentialDecayModel();
        var fit = CurveFitter.Fit(model, x, y, sigma);
        var evidence = FitEvidence.From(model, fit, x, y, sigma, "delay", "s", "excited-state fraction");
        var metric = new MetricResult
        {
            Metric = "T1", Qubit = "q0", Value = fit.Parameter("tau").Value, StandardUncertainty = fit.Parameter("tau").StandardError, Unit = "s",
            Verdict = Verdict.Pass, Fit = new FitInfo(fit.Formula, fit.ReducedChiSquare, fit.StopReason.ToString()), Evidence = evidence,
        };
        return (metric, evidence);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static List<XElement> DataMarkers(XElement svg) =>
        svg.Descendants(Svg + "ellipse").Where(e => (string?)e.Attribute("fill") == "#0B5CAD").ToList();

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void The_native_skia_library_loads_and_reads_the_embedded_font()
    {
        Assert.True(SkiaSharpVersion.Native.Major >= 100, $"native Skia {SkiaSharpVersion.Native}");
        Assert.Equal("DejaVu Sans", PlotFont.FamilyName);
        using var surface = SKSurface.Create(new SKImageInfo(8, 8));
        Assert.NotNull(surface);
    }

    [Fact]
    public void A_fit_figure_shows_each_point_and_each_residual_once_with_band_legend_and_units()
    {
        var (metric, evidence) = FittedT1();

        var image = FitPlot.Render(metric, evidence, "T1 of q0 (t1.feature:4)", "T1 of q0: data, fit, band, residuals");

        var svg = XElement.Parse(image.InlineSvg);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("T1 of q0: data, fit, band, residuals", (string?)svg.Attribute("aria-label"));
        Assert.Equal("T1 of q0: data, fit, band, residuals", svg.Element(Svg + "title")?.Value);

        // 21 data points, 21 residuals and one legend symbol, drawn once each.
        Assert.Equal(21 + 21 + 1, DataMarkers(svg).Count);
        var text = svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("delay (µs)", text);
        Assert.Contains("excited-state fraction", text);
        Assert.Contains("residual / σ", text);
        Assert.Contains("95 % confidence band", text);
        Assert.Contains(text, t => t.StartsWith($"fit: T1 = {PlotText.Result(metric.Value, metric.StandardUncertainty, "s")}", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("fit: T1 = 4", StringComparison.Ordinal) && t.Contains(" µs, χ²/ν = ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_png_is_a_png_at_twice_the_svg_size()
    {
        var (metric, evidence) = FittedT1();

        var image = FitPlot.Render(metric, evidence, "T1", "T1");

        Assert.Equal(((int)(image.Width * PlotImage.PngScale), (int)(image.Height * PlotImage.PngScale)), PngSize(image.Png));
        var svg = XElement.Parse(image.InlineSvg);
        Assert.Equal(image.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)svg.Attribute("width"));
        Assert.Equal($"0 0 {image.Width} {image.Height}", (string?)svg.Attribute("viewBox"));
    }

    [Fact]
    public void The_same_evidence_gives_the_same_svg_and_png_bytes()
    {
        var (metric, evidence) = FittedT1();

        var first = FitPlot.Render(metric, evidence, "T1", "T1");
        _ = FitPlot.Render(FittedT1(points: 9).Metric, FittedT1(points: 9).Evidence, "other", "other");
        var second = FitPlot.Render(metric with { }, evidence with { }, "T1", "T1");

        Assert.Equal(first.Svg, second.Svg);
        Assert.Equal(first.Png, second.Png);
        Assert.Contains("url(#clip1)", first.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rb_figure_shows_every_sequence_beside_the_means()
    {
        var random = new Random(3);
        var outcomes = new[] { 1, 20, 50, 100, 200, 400 }
            .SelectMany(m => Enumerable.Range(0, 5).Select(_ => new RbOutcome(m, (int)Math.Round(100 * ((0.48 * Math.Pow(0.997, m)) + 0.5 + (0.02 * Gaussian(random)))), 100)))
            .ToArray();
        var fit = RbAnalysis.Fit(outcomes);
        var evidence = RbAnalysis.Evidence(fit, outcomes);
        var metric = new MetricResult
        {
            Metric = "EPC", Qubit = "q1", Value = fit.AverageGateInfidelity.Value, StandardUncertainty = fit.AverageGateInfidelity.StandardUncertainty,
            Unit = "1", Verdict = Verdict.Pass, Evidence = evidence,
        };

        var svg = XElement.Parse(FitPlot.Render(metric, evidence, "EPC of q1", "EPC of q1").InlineSvg);

        var sequences = svg.Descendants(Svg + "ellipse").Count(e => (string?)e.Attribute("fill") == "#8A8A8A");
        Assert.Equal(30 + 1, sequences);
        Assert.Equal(6 + 6 + 1, DataMarkers(svg).Count);
        var text = svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("sequence length (Cliffords)", text);
        Assert.Contains("mean per length ± 1 s.e.", text);
        Assert.Contains(text, t => t.StartsWith("fit: EPC = (", StringComparison.Ordinal) && t.Contains(") × 10⁻³", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_folder_gets_an_svg_and_a_png_per_metric_with_evidence_listed_in_report_json_and_the_manifest()
    {
        using var folder = new TempFolder();

        ReportFolder.Write(ReportSamples.Record(), folder.Path);

        var files = Directory.EnumerateFiles(Path.Combine(folder.Path, "plots")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["environment-mixing-chamber-temperature.png", "environment-mixing-chamber-temperature.svg", "t1-q0-T1.png", "t1-q0-T1.svg"], files);
        foreach (var svg in files.Where(f => f!.EndsWith(".svg", StringComparison.Ordinal)))
        {
            XDocument.Load(Path.Combine(folder.Path, "plots", svg!));
        }

        // No fitted values in the sample's evidence, so no residual panel: 800 x 470, drawn at 2x.
        Assert.Equal((1600, 940), PngSize(File.ReadAllBytes(Path.Combine(folder.Path, "plots", "t1-q0-T1.png"))));
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "report.json"))).RootElement;
        var metrics = report.GetProperty("metrics");
        Assert.Equal("plots/t1-q0-T1.svg", metrics[0].GetProperty("plot").GetProperty("svg").GetString());
        Assert.Equal("plots/t1-q0-T1.png", metrics[0].GetProperty("plot").GetProperty("png").GetString());
        Assert.Equal(JsonValueKind.Null, metrics[1].GetProperty("plot").ValueKind);
        Assert.Equal("plots/environment-mixing-chamber-temperature.svg", report.GetProperty("environmentPlots")[0].GetProperty("svg").GetString());
        var manifest = File.ReadAllText(Path.Combine(folder.Path, ReportManifest.FileName));
        Assert.Contains("\"path\": \"plots/t1-q0-T1.png\"", manifest, StringComparison.Ordinal);
        Assert.True(ReportManifest.Verify(folder.Path).Intact);
    }

    [Fact]
    public void The_page_embeds_the_same_svg_as_the_file()
    {
        using var folder = new TempFolder();

        ReportFolder.Write(ReportSamples.Record(), folder.Path);

        var page = File.ReadAllText(Path.Combine(folder.Path, HtmlReportWriter.FileName));
        var file = File.ReadAllText(Path.Combine(folder.Path, "plots", "t1-q0-T1.svg"));
        Assert.StartsWith("<?xml", file, StringComparison.Ordinal);
        Assert.Contains(file[(file.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart(), page, StringComparison.Ordinal);
        Assert.Contains("<th>Plot files</th><td>plots/t1-q0-T1.svg, plots/t1-q0-T1.png</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Re_rendering_removes_figures_the_record_no_longer_calls_for()
    {
        using var folder = new TempFolder();
        ReportFolder.Write(ReportSamples.Record(), folder.Path);
        folder.Write("plots/t1-q7-T1.svg", "<svg/>");

        ReportFolder.Rerender(folder.Path);

        Assert.False(File.Exists(Path.Combine(folder.Path, "plots", "t1-q7-T1.svg")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "plots", "t1-q0-T1.svg")));
        Assert.True(ReportManifest.Verify(folder.Path).Intact);
    }

    [Fact]
    public void Figure_names_are_safe_file_names_and_never_collide()
    {
        var (metric, _) = FittedT1(points: 6);
        ScenarioResult Scenario(string feature, MetricResult m) => new()
        {
            Feature = feature, Name = "s", Line = 3, Status = StepStatus.Passed, Metrics = [m],
        };
        var record = new RunRecord
        {
            RunId = "names", StartedUtc = DateTimeOffset.UnixEpoch, FinishedUtc = DateTimeOffset.UnixEpoch,
            Scenarios =
            [
                Scenario("features/coherence/t1.feature", metric),
                Scenario("features/ja/t1.feature", metric with { }),
                Scenario("features/t2 ramsey.feature", metric with { Metric = "T2*", Qubit = "q/1" }),
                Scenario("features/x.feature", metric with { Evidence = null }),
            ],
        };

        var names = ReportPlots.Plan(record).Select(p => p.Files.Svg).ToList();

        Assert.Equal(["plots/t1-q0-T1.svg", "plots/t1-q0-T1-2.svg", "plots/t2-ramsey-q_1-T2star.svg"], names);
    }

    [Theory]
    [InlineData(47.04e-6, 1.17e-6, "s", "47.0 ± 1.2 µs")]
    [InlineData(1.35e-3, 0.17e-3, "1", "(1.35 ± 0.17) × 10⁻³")]
    [InlineData(0.9731, 0.0042, "1", "0.9731 ± 0.0042")]
    [InlineData(12.3e-3, double.NaN, "K", "12.3 mK")]
    [InlineData(double.NaN, 1, "s", "not measured")]
    public void Results_are_written_to_the_digits_their_uncertainty_supports(double value, double uncertainty, string unit, string expected)
    {
        Assert.Equal(expected, PlotText.Result(value, uncertainty, unit));
    }

    [Fact]
    public void Counts_get_no_si_prefix()
    {
        Assert.Equal((1, "Cliffords"), PlotText.AxisUnit(2000, "Cliffords"));
        Assert.Equal((1e-6, "µs"), PlotText.AxisUnit(240e-6, "s"));
    }
}
