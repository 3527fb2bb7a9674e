using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// Writes <c>atml.xml</c>, the run as IEEE 1636.1 (ATML) Test Results, for test-data systems of
/// the automatic-test-equipment world: one <c>ResultSet</c> for the run, a <c>TestGroup</c> per
/// feature, a <c>Test</c> per scenario and a <c>TestResult</c> per judged metric with its value,
/// unit and clause limits (common types of IEEE 1671). ATML outcomes know Passed, Failed and
/// Aborted but no "inconclusive": an INCONCLUSIVE verdict is written Failed (a claim that was
/// not shown must not read as a pass, as in junit.xml), ERROR is Aborted, and every Outcome
/// carries the QDeviceLab verdict word in its <c>qualifier</c> so nothing is lost.
/// </summary>
public static class AtmlWriter
{
    public const string FileName = "atml.xml";

    public static readonly XNamespace Tr = "urn:IEEE-1636.1:2009.02:TestResults";
    public static readonly XNamespace C = "urn:IEEE-1671:2009.03:Common";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static string WriteToDirectory(RunRecord record, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        using var stream = File.Create(path);
        Write(record, stream);
        return path;
    }

    public static void Write(RunRecord record, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        ToDocument(record).Save(writer);
    }

    public static XDocument ToDocument(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var groups = record.Scenarios
            .Select((scenario, index) => (scenario, index))
            .GroupBy(s => s.scenario.Feature, StringComparer.Ordinal)
            .Select((feature, f) => new XElement(Tr + "TestGroup",
                new XAttribute("ID", $"feature-{f + 1}"),
                new XAttribute("name", feature.Key),
                Outcome(feature.Select(s => s.scenario.Verdict).Worst()),
                feature.Select(s => Test(s.scenario, s.index))));

        var station = record.Station?.Name ?? "unknown";
        var root = new XElement(Tr + "TestResults",
            new XAttribute(XNamespace.Xmlns + "tr", Tr),
            new XAttribute(XNamespace.Xmlns + "c", C),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute("uuid", Uuid(record.RunId)),
            new XElement(Tr + "TestStation", new XElement(C + "SerialNumber", station)),
            new XElement(Tr + "UUT", new XAttribute("UutType", "Hardware"), new XElement(C + "SerialNumber", station)),
            new XElement(Tr + "ResultSet",
                new XAttribute("ID", record.RunId),
                new XAttribute("name", "QDeviceLab " + (record.DryRun ? "dry run" : "conformance run") + " " + record.RunId),
                new XAttribute("startDateTime", Timestamp(record.StartedUtc)),
                new XAttribute("endDateTime", Timestamp(record.FinishedUtc)),
                Outcome(record.Verdict),
                groups));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Test(ScenarioResult scenario, int index) => new(Tr + "Test",
        new XAttribute("ID", $"scenario-{index + 1}"),
        new XAttribute("name", scenario.Name),
        Outcome(scenario.Verdict),
        scenario.Metrics.Select((metric, m) => TestResult(metric, index, m)));

    private static XElement TestResult(MetricResult metric, int scenario, int index)
    {
        var element = new XElement(Tr + "TestResult",
            new XAttribute("ID", $"scenario-{scenario + 1}-metric-{index + 1}"),
            new XAttribute("name", metric.Qubit is null ? $"{metric.Metric} vs {metric.ClauseId}" : $"{metric.Metric} of {metric.Qubit} vs {metric.ClauseId}"),
            new XElement(Tr + "TestData", Datum(metric.Value, metric.Unit)));
        if (metric.Limit is { } limit && Limits(limit, metric.Unit) is { } limits)
        {
            element.Add(new XElement(Tr + "TestLimits", new XElement(Tr + "Limits", limits)));
        }

        element.Add(Outcome(metric.Verdict));
        return element;
    }

    private static XElement? Limits(Limit limit, string unit) => (limit.Min, limit.Max) switch
    {
        ({ } min, { } max) => new XElement(C + "LimitPair", new XAttribute("operator", "AND"),
            new XElement(C + "Limit", new XAttribute("comparator", "GE"), Datum(min, unit)),
            new XElement(C + "Limit", new XAttribute("comparator", "LE"), Datum(max, unit))),
        ({ } min, null) => new XElement(C + "SingleLimit", new XAttribute("comparator", "GE"), Datum(min, unit)),
        (null, { } max) => new XElement(C + "SingleLimit", new XAttribute("comparator", "LE"), Datum(max, unit)),
        _ => null,
    };

    /// <summary>A double in SI units; the unit goes in <c>nonStandardUnit</c> since ATML's unit list does not name "1".</summary>
    private static XElement Datum(double value, string unit)
    {
        var datum = new XElement(C + "Datum",
            new XAttribute(Xsi + "type", "c:double"),
            new XAttribute("value", double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "NaN"));
        if (unit != "1")
        {
            datum.Add(new XAttribute("nonStandardUnit", unit));
        }

        return datum;
    }

    private static XElement Outcome(Verdict verdict) => new(Tr + "Outcome",
        new XAttribute("value", verdict switch
        {
            Verdict.Pass => "Passed",
            Verdict.Error => "Aborted",
            _ => "Failed",
        }),
        new XAttribute("qualifier", verdict.ToReportWord()));

    /// <summary>A stable UUID for the run (name-based on the run id), so re-rendering gives the same file.</summary>
    private static string Uuid(string runId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("qdevicelab-run:" + runId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
