using System.Globalization;
using System.Text;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;

namespace QDeviceLab.Conformance;

/// <summary>
/// Writes <c>report.html</c> for a standards reviewer: verdict, per-clause tables, a plot of
/// the data and fit behind every value, the fit's health, instruments, environment and
/// provenance. One file with inline CSS and SVG and a Content-Security-Policy that forbids
/// every fetch, so it opens the same from an archive, an e-mail or an air-gapped lab PC.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "report.html";

    public static string WriteToDirectory(RunRecord record, string directory) =>
        WriteToDirectory(record, directory, ReportPlots.Render(record));

    /// <summary>Writes the page with figures already drawn for the folder's <c>plots/</c>, so each is drawn once.</summary>
    internal static string WriteToDirectory(RunRecord record, string directory, IReadOnlyList<RenderedPlot> plots)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(record, plots), new UTF8Encoding(false));
        return path;
    }

    public static string Render(RunRecord record) => Render(record, ReportPlots.Render(record));

    /// <summary>The page, with <paramref name="plots"/> (<see cref="ReportPlots.Render"/> of the same record) inline.</summary>
    internal static string Render(RunRecord record, IReadOnlyList<RenderedPlot> plots)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(plots);
        var figures = new Figures(plots);
        var html = new StringBuilder();
        var verdict = record.Verdict.ToReportWord();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>QDeviceLab report ").Append(Html.Escape(record.RunId)).Append(": ").Append(verdict).Append("</title>\n")
            .Append("<style>").Append(HtmlReportStyle.Css).Append("</style>\n</head>\n<body>\n");
        Header(html, record);
        Rollups(html, record);
        Clauses(html, record, figures);
        Scenarios(html, record);
        Instruments(html, record);
        EnvironmentSection(html, record, figures);
        Provenance(html, record);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, RunRecord record)
    {
        var verdict = record.Verdict.ToReportWord();
        html.Append("<header>\n<h1>QDeviceLab conformance report</h1>\n")
            .Append("<p class=\"overall\">Overall verdict: ").Append(Badge(record.Verdict)).Append("</p>\n");
        if (record.DryRun)
        {
            html.Append("<p class=\"warning\">Dry run: steps were matched but nothing was measured. This report shows no conformance.</p>\n");
        }

        var metrics = record.AllMetrics.Select(m => m.Metric).ToList();
        html.Append("<table class=\"facts\">\n");
        Row(html, "Run", record.RunId);
        Row(html, "Started (UTC)", Timestamp(record.StartedUtc));
        Row(html, "Finished (UTC)", Timestamp(record.FinishedUtc));
        Row(html, "Duration", string.Create(CultureInfo.InvariantCulture, $"{(record.FinishedUtc - record.StartedUtc).TotalSeconds:F1} s"));
        Row(html, "Station", record.Station?.Name ?? "none (not opened)");
        Row(html, "Scenarios", string.Join(", ", Enum.GetValues<StepStatus>()
            .Select(s => (s, n: record.Scenarios.Count(x => x.Status == s))).Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.s.ToReportWord()}").DefaultIfEmpty("none")));
        Row(html, "Metrics", string.Join(", ", Enum.GetValues<Verdict>()
            .Select(v => (v, n: metrics.Count(m => m.Verdict == v))).Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.v.ToReportWord()}").DefaultIfEmpty("none")));
        html.Append("</table>\n<p class=\"rule\">A metric PASSES when its whole 95 % confidence interval meets the clause limit, FAILS when the interval lies wholly outside it, is INCONCLUSIVE when it straddles the limit (or comes within the limit's guard band, or was measured by a method that misses the clause's requirements: NONCONFORMING METHOD), and is an ERROR when it could not be measured. The run's verdict (")
            .Append(verdict).Append(") is the worst of all.</p>\n</header>\n");
    }

    private static void Clauses(StringBuilder html, RunRecord record, Figures figures)
    {
        html.Append("<section id=\"clauses\">\n<h2>Results by clause</h2>\n");
        var groups = record.AllMetrics.GroupBy(m => m.Metric.ClauseId ?? "", StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            html.Append("<p>No metric was measured.</p>\n");
        }

        var plotIndex = 0;
        foreach (var group in groups)
        {
            var first = group.First().Metric;
            var (scale, unit) = SiFormat.Scale(group.Select(m => Math.Abs(m.Metric.Value)).Where(double.IsFinite).DefaultIfEmpty(0).Max(), first.Unit);
            html.Append("<section class=\"clause\" id=\"clause-").Append(Html.Escape(group.Key)).Append("\">\n<h3>")
                .Append(group.Key.Length == 0 ? "Metrics judged against no clause" : Html.Escape(group.Key)).Append(": ")
                .Append(Html.Escape(first.Metric)).Append(first.Profile is null ? "" : " <span class=\"muted\">(" + Html.Escape(first.Profile) + ")</span>")
                .Append(' ').Append(Badge(group.Select(m => m.Metric.Verdict).Worst())).Append("</h3>\n")
                .Append("<p>Limit: ").Append(Html.Escape(SiFormat.Limit(first.Limit, scale, unit))).Append("</p>\n");
            html.Append("<table class=\"metrics\">\n<thead><tr><th>Qubit</th><th>Measured in</th><th>Value</th><th>Standard uncertainty</th><th>95 % interval</th><th>Limit</th><th>Verdict</th><th>Reason</th></tr></thead>\n<tbody>\n");
            var row = plotIndex;
            foreach (var (scenario, m) in group)
            {
                // Several features may measure the same metric of the same qubit: say which row is which, and link its plot.
                html.Append("<tr><td>").Append(Html.Escape(m.Qubit ?? "—")).Append("</td>")
                    .Append("<td><a href=\"#metric-").Append((++row).ToString(CultureInfo.InvariantCulture)).Append("\">")
                    .Append(Html.Escape($"{Path.GetFileName(scenario.Feature)}:{scenario.Line}")).Append("</a></td>")
                    .Append("<td class=\"num\">").Append(Html.Escape($"{SiFormat.Number(m.Value, scale)} {unit}")).Append("</td>")
                    .Append("<td class=\"num\">").Append(Html.Escape($"{SiFormat.Number(m.StandardUncertainty, scale, "G3")} {unit}")).Append("</td>")
                    .Append("<td class=\"num\">").Append(Html.Escape($"[{SiFormat.Number(m.IntervalLow, scale)}, {SiFormat.Number(m.IntervalHigh, scale)}] {unit}"))
                    .Append(m.ConfidenceLevel is not 0.95 && double.IsFinite(m.ConfidenceLevel) ? Html.Escape(string.Create(CultureInfo.InvariantCulture, $" at {m.ConfidenceLevel:P0}")) : "").Append("</td>")
                    .Append("<td>").Append(Html.Escape(SiFormat.Limit(m.Limit, scale, unit))).Append("</td>")
                    .Append("<td>").Append(Badge(m.Verdict)).Append("</td>")
                    .Append("<td>").Append(Html.Escape(m.VerdictReason ?? "")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
            foreach (var (scenario, m) in group)
            {
                MetricDetail(html, scenario, m, ++plotIndex, figures.Of(m));
            }

            html.Append("</section>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>Verdict per device, qubit and feature, so "q2 fails" reads apart from "the run failed".</summary>
    private static void Rollups(StringBuilder html, RunRecord record)
    {
        html.Append("<section id=\"rollups\">\n<h2>Verdicts by device, qubit and feature</h2>\n<table class=\"metrics\">\n<thead><tr><th>Level</th><th>Name</th><th>Scenarios</th><th>Metrics</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        var rows = new[] { ("device", VerdictAggregation.ByDevice(record)) }
            .Concat(VerdictAggregation.ByQubit(record).Select(r => ("qubit", r)))
            .Concat(VerdictAggregation.ByFeature(record).Select(r => ("feature", r)));
        foreach (var (level, r) in rows)
        {
            html.Append("<tr><td>").Append(level).Append("</td><td>").Append(Html.Escape(r.Name)).Append("</td><td class=\"num\">")
                .Append(r.Scenarios.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                .Append(r.Metrics.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Badge(r.Verdict)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void MetricDetail(StringBuilder html, ScenarioResult scenario, MetricResult m, int index, RenderedPlot? plot)
    {
        var title = $"{m.Metric}{(m.Qubit is null ? "" : " of " + m.Qubit)}";
        html.Append("<figure class=\"metric\" id=\"metric-").Append(index.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
        html.Append(plot is null ? "<p class=\"muted\">No data to plot.</p>" : plot.Image.InlineSvg).Append('\n');
        html.Append("<figcaption>\n<h4>").Append(Html.Escape(title)).Append("</h4>\n<table class=\"facts\">\n");
        Row(html, "Method", m.Method ?? "not stated");
        Row(html, "Fit model", m.Fit?.Model ?? m.Evidence?.Formula ?? "no fit");
        Row(html, "Reduced chi-square", SiFormat.Number(m.Fit?.ReducedChiSquare, 1, "G4"));
        Row(html, "Solver stopped because", m.Fit?.StopReason ?? "—");
        if (m.Evidence?.Grade is { } quality)
        {
            // GOOD/POOR of the fit itself (Analysis.FitGrader), not the clause's limit grade.
            Row(html, "Fit quality", quality.ToString());
        }
        if (m.Evidence is { Parameters.Count: > 0 } evidence)
        {
            Row(html, "Fitted parameters", string.Join(", ", evidence.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} = {p.Value:G6}"))));
        }

        Row(html, "Raw data", m.RawDataFile ?? "none");
        if (plot is not null)
        {
            Row(html, "Plot files", $"{plot.Plan.Files.Svg}, {plot.Plan.Files.Png}");
        }

        Row(html, "Scenario", $"{scenario.Name} ({scenario.Feature}:{scenario.Line})");
        if (m.Grade is not null)
        {
            Row(html, "Grade", m.Grade);
        }

        if (m.MethodConformance is { } method)
        {
            Row(html, "Method conformance", method.Conforming
                ? $"CONFORMING ({string.Join("; ", method.Requirements)})"
                : $"NONCONFORMING METHOD: {string.Join("; ", method.Reasons)}");
        }

        if (m.MethodFacts.Count > 0)
        {
            Row(html, "Method facts", string.Join(", ", m.MethodFacts.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} = {f.Value:G4}"))));
        }
        html.Append("</table>\n</figcaption>\n</figure>\n");
    }

    private static void Scenarios(StringBuilder html, RunRecord record)
    {
        html.Append("<section id=\"scenarios\">\n<h2>Scenarios</h2>\n<table>\n<thead><tr><th>Scenario</th><th>Where</th><th>Status</th><th>Verdict</th><th>Time</th></tr></thead>\n<tbody>\n");
        foreach (var s in record.Scenarios)
        {
            html.Append("<tr><td>").Append(Html.Escape(s.Name)).Append("</td><td>").Append(Html.Escape($"{s.Feature}:{s.Line}")).Append("</td><td>")
                .Append(Html.Escape(s.Status.ToReportWord())).Append("</td><td>").Append(Badge(s.Verdict)).Append("</td><td class=\"num\">")
                .Append(string.Create(CultureInfo.InvariantCulture, $"{s.Duration.TotalSeconds:F1} s")).Append("</td></tr>\n");
            foreach (var step in s.Steps.Where(x => x.Error is not null))
            {
                html.Append("<tr class=\"problem\"><td colspan=\"5\"><b>").Append(Html.Escape($"{step.Status.ToReportWord()} at line {step.Line}: {step.Keyword.Trim()} {step.Text}"))
                    .Append("</b><pre>").Append(Html.Escape(step.Error)).Append("</pre></td></tr>\n");
            }
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Instruments(StringBuilder html, RunRecord record)
    {
        html.Append("<section id=\"instruments\">\n<h2>Instruments</h2>\n");
        if (record.Station is not { } station)
        {
            html.Append("<p>No station was opened.</p>\n</section>\n");
            return;
        }

        var runDate = DateOnly.FromDateTime(record.StartedUtc.UtcDateTime);
        html.Append("<table>\n<thead><tr><th>Role</th><th>Maker</th><th>Model</th><th>Serial</th><th>Firmware</th><th>Resource</th><th>Calibration due</th></tr></thead>\n<tbody>\n");
        foreach (var i in station.Instruments)
        {
            var idn = i.Idn is null ? null : InstrumentIdentity.Parse(i.Idn);
            var overdue = i.CalibrationDue is { } due && due < runDate;
            html.Append("<tr><td>").Append(Html.Escape(i.Name)).Append("</td><td>").Append(Html.Escape(idn?.Manufacturer ?? "not identified"))
                .Append("</td><td>").Append(Html.Escape(idn?.Model is { Length: > 0 } model ? model : i.Model))
                .Append("</td><td>").Append(Html.Escape(idn?.SerialNumber ?? "—")).Append("</td><td>").Append(Html.Escape(idn?.Firmware ?? "—"))
                .Append("</td><td><code>").Append(Html.Escape(i.Resource)).Append("</code></td>")
                .Append(overdue ? "<td class=\"overdue\">" : "<td>")
                .Append(Html.Escape(i.CalibrationDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not stated"))
                .Append(overdue ? " — OVERDUE at run time" : "").Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void EnvironmentSection(StringBuilder html, RunRecord record, Figures figures)
    {
        html.Append("<section id=\"environment\">\n<h2>Environment over the run</h2>\n");
        if (record.Environment.Count == 0)
        {
            html.Append("<p>No environment reading was taken.</p>\n</section>\n");
            return;
        }

        foreach (var quantity in record.Environment.GroupBy(r => (r.Quantity, r.Unit)))
        {
            var readings = quantity.OrderBy(r => r.TimeUtc).ToList();
            var (scale, unit) = SiFormat.Scale(readings.Select(r => Math.Abs(r.Value)).Where(double.IsFinite).DefaultIfEmpty(0).Max(), quantity.Key.Unit);
            html.Append("<h3>").Append(Html.Escape(quantity.Key.Quantity)).Append("</h3>\n")
                .Append(figures.Of(quantity.Key.Quantity, quantity.Key.Unit)?.Image.InlineSvg ?? "")
                .Append("\n<table>\n<thead><tr><th>Time (UTC)</th><th>Reading</th><th>Sensor</th><th>Scenario</th></tr></thead>\n<tbody>\n");
            foreach (var r in readings)
            {
                html.Append("<tr><td>").Append(Html.Escape(Timestamp(r.TimeUtc))).Append("</td><td class=\"num\">").Append(Html.Escape($"{SiFormat.Number(r.Value, scale)} {unit}"))
                    .Append("</td><td>").Append(Html.Escape(r.Sensor ?? "—")).Append("</td><td>").Append(Html.Escape(r.Scenario ?? "—")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static void Provenance(StringBuilder html, RunRecord record)
    {
        html.Append("<section id=\"provenance\">\n<h2>Provenance</h2>\n<table class=\"facts\">\n");
        Row(html, "Software", $"QDeviceLab {record.SoftwareVersion}");
        Row(html, "Command line", record.CommandLine ?? "not recorded");
        Row(html, "Seed", record.Seed?.ToString(CultureInfo.InvariantCulture) ?? "none");
        Row(html, "Tag expression", record.TagExpression.Length == 0 ? "(all scenarios)" : record.TagExpression);
        html.Append("</table>\n<h3>Input files (SHA-256)</h3>\n<table>\n<thead><tr><th>Kind</th><th>File</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
        foreach (var f in record.Features)
        {
            HashRow(html, "feature", f.Path, f.Sha256);
        }

        foreach (var p in record.Profiles)
        {
            HashRow(html, $"profile {p.Id}@{p.Version}", p.File ?? "—", p.Sha256);
        }

        if (record.Station is { } station)
        {
            HashRow(html, $"station {station.Name}", station.File ?? "—", station.Sha256);
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void HashRow(StringBuilder html, string kind, string file, string? sha256) =>
        html.Append("<tr><td>").Append(Html.Escape(kind)).Append("</td><td>").Append(Html.Escape(file))
            .Append("</td><td><code class=\"hash\">").Append(Html.Escape(sha256 ?? "not recorded")).Append("</code></td></tr>\n");

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(Html.Escape(name)).Append("</th><td>").Append(Html.Escape(value)).Append("</td></tr>\n");

    private static string Badge(Verdict verdict) =>
        $"<span class=\"verdict {verdict.ToReportWord().ToLowerInvariant()}\">{verdict.ToReportWord()}</span>";

    /// <summary>The drawn figures, found by the metric instance or the environment quantity they show.</summary>
    private sealed class Figures(IReadOnlyList<RenderedPlot> plots)
    {
        private readonly Dictionary<MetricResult, RenderedPlot> byMetric =
            plots.Where(p => p.Plan.Metric is not null).ToDictionary<RenderedPlot, MetricResult, RenderedPlot>(p => p.Plan.Metric!, p => p, ReferenceEqualityComparer.Instance);

        public RenderedPlot? Of(MetricResult metric) => byMetric.GetValueOrDefault(metric);

        public RenderedPlot? Of(string quantity, string unit) =>
            plots.FirstOrDefault(p => p.Plan.Quantity == quantity && p.Plan.Unit == unit);
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
