namespace QDeviceLab.Conformance;

/// <summary>The report's stylesheet, inline so the page needs no other file; system fonts only, nothing fetched.</summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a;line-height:1.4}
        h1{margin:0 0 .5rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
        th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#f3f3f3}.facts th{background:#f8f8f8;font-weight:600;width:14rem}
        td.num,.metrics td:nth-child(6){text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .verdict{display:inline-block;padding:.05rem .45rem;border-radius:.25rem;font-weight:700;font-size:.85rem;color:#fff}
        .verdict.pass{background:#1a7f37}.verdict.inconclusive{background:#9a6700}.verdict.fail{background:#cf222e}.verdict.error{background:#6e1b8a}
        .overall .verdict{font-size:1.3rem}.muted{color:#666;font-weight:400}.warning{background:#fff4d6;border:1px solid #d4a72c;padding:.5rem}
        .overdue{background:#ffe3e3;color:#a40e26;font-weight:700}.problem pre{white-space:pre-wrap;margin:.25rem 0}
        figure.metric{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;border:1px solid #e3e3e3;padding:.75rem;margin:0 0 1rem}
        figcaption h4{margin:0 0 .25rem}code.hash{font-size:.8rem;word-break:break-all}
        svg.plot{display:block;max-width:100%;height:auto}
        @media print{figure.metric{break-inside:avoid}}
        """;
}
