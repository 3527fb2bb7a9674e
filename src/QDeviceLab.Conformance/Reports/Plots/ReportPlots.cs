using System.Text;

namespace QDeviceLab.Conformance;

/// <summary>Where one figure of a report folder lives: <c>plots/NAME.svg</c> and <c>plots/NAME.png</c>, relative and <c>/</c>-separated.</summary>
public sealed record PlotFiles(string Svg, string Png);

/// <summary>A planned figure: what it shows and where its files go.</summary>
/// <param name="Metric">The metric it plots, or null for an environment trace.</param>
/// <param name="Quantity">The environment quantity it plots, or null for a metric.</param>
internal sealed record PlannedPlot(PlotFiles Files, string Title, string Description, ScenarioResult? Scenario, MetricResult? Metric, string? Quantity, string? Unit);

/// <summary>A planned figure, drawn.</summary>
internal sealed record RenderedPlot(PlannedPlot Plan, PlotImage Image);

/// <summary>
/// The figures of a report folder, all derived from the run record: one per metric with fit
/// evidence (<c>plots/&lt;feature&gt;-&lt;qubit&gt;-&lt;metric&gt;</c>) and one per environment
/// quantity (<c>plots/environment-&lt;quantity&gt;</c>), each as SVG and PNG. The plan (names,
/// titles) is cheap and pure so <c>report.json</c> can name the files without drawing them;
/// drawing happens once per render and feeds both the files and <c>report.html</c>.
/// </summary>
internal static class ReportPlots
{
    public const string Folder = "plots";

    /// <summary>Every figure the record calls for, metrics in record order, then environment quantities.</summary>
    public static IReadOnlyList<PlannedPlot> Plan(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var plans = new List<PlannedPlot>();
        foreach (var scenario in record.Scenarios)
        {
            foreach (var metric in scenario.Metrics.Where(m => FitPlot.CanPlot(m.Evidence)))
            {
                var feature = Path.GetFileNameWithoutExtension(scenario.Feature);
                var name = Unique(taken, string.Join('-', new[] { feature, metric.Qubit, metric.Metric }.Where(p => !string.IsNullOrEmpty(p)).Select(Slug)));
                var of = metric.Qubit is null ? metric.Metric : $"{metric.Metric} of {metric.Qubit}";
                var title = $"{of} ({Path.GetFileName(scenario.Feature)}:{scenario.Line})";
                var what = metric.Evidence!.SampleX is null ? "data with one-standard-uncertainty error bars" : "each sequence's survival and the mean per length with its standard error";
                plans.Add(new PlannedPlot(Files(name), title, $"{of}: {what}, the fitted curve with its 95 % confidence band, and the normalised residuals", scenario, metric, null, null));
            }
        }

        foreach (var quantity in record.Environment.GroupBy(r => (r.Quantity, r.Unit)).Where(TracePlot.CanPlot))
        {
            var name = Unique(taken, "environment-" + Slug(quantity.Key.Quantity));
            plans.Add(new PlannedPlot(Files(name), $"{quantity.Key.Quantity} over the run", $"{quantity.Key.Quantity} over the run, every reading in time order", null, null, quantity.Key.Quantity, quantity.Key.Unit));
        }

        return plans;
    }

    /// <summary>The files of each metric's figure, keyed by the metric instance of the record.</summary>
    public static IReadOnlyDictionary<MetricResult, PlotFiles> MetricFiles(IEnumerable<PlannedPlot> plans) =>
        plans.Where(p => p.Metric is not null).ToDictionary<PlannedPlot, MetricResult, PlotFiles>(p => p.Metric!, p => p.Files, ReferenceEqualityComparer.Instance);

    /// <summary>Draws every planned figure.</summary>
    public static IReadOnlyList<RenderedPlot> Render(RunRecord record)
    {
        var plans = Plan(record);
        var rendered = new RenderedPlot[plans.Count];

        // Figures are independent; draw them on every core, keep the plan's order.
        Parallel.For(0, plans.Count, i => rendered[i] = new RenderedPlot(plans[i], Draw(record, plans[i])));
        return rendered;
    }

    /// <summary>
    /// Writes every figure under <c>plots/</c>, after removing SVG and PNG files a previous render
    /// left there, so the folder (and its manifest) holds exactly this record's figures.
    /// </summary>
    public static void Write(IReadOnlyList<RenderedPlot> plots, string directory)
    {
        ArgumentNullException.ThrowIfNull(plots);
        var folder = Path.Combine(directory, Folder);
        if (Directory.Exists(folder))
        {
            foreach (var stale in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                File.Delete(stale);
            }
        }

        if (plots.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        foreach (var plot in plots)
        {
            File.WriteAllText(Path.Combine(directory, plot.Plan.Files.Svg), plot.Image.Svg, new UTF8Encoding(false));
            File.WriteAllBytes(Path.Combine(directory, plot.Plan.Files.Png), plot.Image.Png);
        }
    }

    private static PlotImage Draw(RunRecord record, PlannedPlot plan)
    {
        try
        {
            if (plan.Metric is { Evidence: { } evidence } metric)
            {
                return FitPlot.Render(metric, evidence, plan.Title, plan.Description);
            }

            var readings = record.Environment.Where(r => r.Quantity == plan.Quantity && r.Unit == plan.Unit).ToList();
            return TracePlot.Render(readings, plan.Quantity!, plan.Unit!, plan.Description);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The run record is already on disk; say which figure failed so `qdlab report` can be retried knowingly.
            throw new InvalidOperationException($"could not draw {plan.Files.Svg} ({plan.Title}): {e.Message}", e);
        }
    }

    private static PlotFiles Files(string name) => new($"{Folder}/{name}.svg", $"{Folder}/{name}.png");

    private static string Unique(HashSet<string> taken, string name)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{name}-{n}";
        }

        return candidate;
    }

    /// <summary>A file-name part: "T2*" becomes "T2star", spaces become "-", anything else outside [A-Za-z0-9_.-] becomes "_".</summary>
    private static string Slug(string? text)
    {
        var slug = new StringBuilder();
        foreach (var c in text ?? "")
        {
            slug.Append(c switch
            {
                '*' => "star",
                ' ' => "-",
                _ when char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' => c.ToString(),
                _ => "_",
            });
        }

        return slug.Length == 0 ? "_" : slug.ToString();
    }
}
