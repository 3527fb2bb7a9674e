using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace QDeviceLab.Conformance.Tests;

public class ReportHtmlTests
{
    private static readonly string Page = HtmlReportWriter.Render(ReportSamples.Record());

    [Fact]
    public void Text_from_records_is_escaped_everywhere()
    {
        Assert.DoesNotContain("<script", Page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("recovery <b>", Page, StringComparison.Ordinal);
        Assert.DoesNotContain("<x>", Page, StringComparison.Ordinal);
        Assert.Contains("inversion recovery &lt;b&gt;", Page, StringComparison.Ordinal);
        Assert.Contains("link dropped &lt;&amp;&gt;", Page, StringComparison.Ordinal);
        Assert.Contains("fridge &lt;A&gt;", Page, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", Page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_fetches_nothing_and_runs_no_script()
    {
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", Page, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe)\b", RegexOptions.IgnoreCase), Page);
        Assert.DoesNotMatch(new Regex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase), Page);
        Assert.DoesNotContain("@import", Page, StringComparison.Ordinal);
        // Only same-document references (the plots' clip paths, url(#clip1)); nothing that names a resource.
        Assert.DoesNotMatch(new Regex(@"url\((?!#clip[0-9]+\))"), Page);
        Assert.DoesNotMatch(new Regex(@"xlink:href=""(?!#)"), Page);
    }

    [Fact]
    public void Each_metric_with_evidence_gets_an_accessible_inline_plot_with_its_points_and_units()
    {
        var svg = Regex.Matches(Page, "<svg class=\"plot\".*?</svg>", RegexOptions.Singleline).Select(m => XElement.Parse(m.Value)).ToList();
        XNamespace ns = "http://www.w3.org/2000/svg";

        // One fit plot (the q1 metric has no evidence) and one environment time series.
        Assert.Equal(2, svg.Count);
        Assert.All(svg, s => Assert.Equal("img", (string?)s.Attribute("role")));
        Assert.All(svg, s => Assert.False(string.IsNullOrWhiteSpace(s.Element(ns + "title")?.Value)));
        var fit = svg[0];
        Assert.StartsWith("T1 of q0:", (string?)fit.Attribute("aria-label"), StringComparison.Ordinal);

        // Three points and the legend's symbol; no residual panel, as the sample carries no fitted values.
        Assert.Equal(3 + 1, fit.Descendants(ns + "ellipse").Count(e => (string?)e.Attribute("fill") == "#0B5CAD"));
        var text = fit.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("delay (µs)", text);
        Assert.Contains("fit: T1 = 48.0 ± 1.2 µs, χ²/ν = 1.04", text);
        Assert.Contains("mixing chamber temperature (mK)", svg[1].Descendants(ns + "text").Select(t => t.Value.Trim()));
    }

    [Fact]
    public void Clause_tables_show_value_uncertainty_interval_limit_verdict_and_reason_in_readable_units()
    {
        Assert.Contains("QDL-COH-1", Page, StringComparison.Ordinal);
        Assert.Contains("<td><a href=\"#metric-1\">t1.feature:13</a></td>", Page, StringComparison.Ordinal);
        Assert.Contains("id=\"metric-1\"", Page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">48 µs</td>", Page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">1.2 µs</td>", Page, StringComparison.Ordinal);
        Assert.Contains("[45.65, 50.35] µs", Page, StringComparison.Ordinal);
        Assert.Contains("≥ 20 µs", Page, StringComparison.Ordinal);
        Assert.Contains("meets the limit", Page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"verdict error\">ERROR</span>", Page, StringComparison.Ordinal);
        Assert.Contains("Overall verdict: <span class=\"verdict error\">ERROR</span>", Page, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_health_and_method_are_shown()
    {
        Assert.Contains("<th>Reduced chi-square</th><td>1.04</td>", Page, StringComparison.Ordinal);
        Assert.Contains("<th>Solver stopped because</th><td>ConvergedOnFunction</td>", Page, StringComparison.Ordinal);
        Assert.Contains("<th>Fit model</th><td>y = A exp(-x/tau) + B</td>", Page, StringComparison.Ordinal);
    }

    [Fact]
    public void Instruments_show_the_split_identity_and_flag_a_calibration_overdue_at_run_time()
    {
        Assert.Contains("<td>LSCI</td><td>MODEL372</td><td>LSA21F7</td><td>1.4</td>", Page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"overdue\">2026-01-15 — OVERDUE at run time</td>", Page, StringComparison.Ordinal);
        Assert.Contains("<td>2027-06-30</td>", Page, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_and_provenance_are_shown()
    {
        Assert.Contains("12.1 mK", Page, StringComparison.Ordinal);
        Assert.Contains("2026-03-04 10:00:05.000", Page, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.Sha(ReportSamples.FeatureText), Page, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), Page, StringComparison.Ordinal);
        Assert.Contains("<th>Seed</th><td>42</td>", Page, StringComparison.Ordinal);
        Assert.Contains("qdlab run --tags &quot;@t1 &amp; &lt;x&gt;&quot;", Page, StringComparison.Ordinal);
    }
}
