using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// Writes <c>junit.xml</c> in the de-facto Jenkins/Ant shape: one testsuite per feature, one
/// testcase per scenario. FAIL and INCONCLUSIVE verdicts are failures (a conformance claim
/// that was not shown must not turn CI green); ERROR, undefined, ambiguous, pending and
/// failed steps are errors; scenarios not executed are skipped.
/// </summary>
public static class JUnitXmlWriter
{
    public const string FileName = "junit.xml";

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
        var suites = record.Scenarios
            .GroupBy(s => s.Feature, StringComparer.Ordinal)
            .Select(g => Suite(g.Key, g.ToList(), record.StartedUtc))
            .ToList();
        var cases = record.Scenarios.Select(Classify).ToList();
        var root = new XElement("testsuites",
            new XAttribute("name", "QDeviceLab " + (record.DryRun ? "dry run" : "conformance run") + " " + record.RunId),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c == Outcome.Failure)),
            new XAttribute("errors", cases.Count(c => c == Outcome.Error)),
            new XAttribute("skipped", cases.Count(c => c == Outcome.Skipped)),
            new XAttribute("time", Seconds(record.FinishedUtc - record.StartedUtc)),
            new XAttribute("timestamp", Timestamp(record.StartedUtc)),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private enum Outcome
    {
        Pass,
        Failure,
        Error,
        Skipped,
    }

    private static Outcome Classify(ScenarioResult scenario) => scenario.Status switch
    {
        StepStatus.Skipped when scenario.Metrics.Count == 0 => Outcome.Skipped,
        _ => scenario.Verdict switch
        {
            Verdict.Pass => Outcome.Pass,
            Verdict.Inconclusive or Verdict.Fail => Outcome.Failure,
            _ => Outcome.Error,
        },
    };

    private static XElement Suite(string feature, List<ScenarioResult> scenarios, DateTimeOffset started)
    {
        var outcomes = scenarios.Select(Classify).ToList();
        return new XElement("testsuite",
            new XAttribute("name", feature),
            new XAttribute("tests", scenarios.Count),
            new XAttribute("failures", outcomes.Count(c => c == Outcome.Failure)),
            new XAttribute("errors", outcomes.Count(c => c == Outcome.Error)),
            new XAttribute("skipped", outcomes.Count(c => c == Outcome.Skipped)),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(scenarios.Sum(s => s.Duration.Ticks)))),
            new XAttribute("timestamp", Timestamp(started)),
            scenarios.Select(TestCase));
    }

    private static XElement TestCase(ScenarioResult scenario)
    {
        var element = new XElement("testcase",
            new XAttribute("name", scenario.Name),
            new XAttribute("classname", scenario.Feature),
            new XAttribute("file", scenario.Feature),
            new XAttribute("line", scenario.Line),
            new XAttribute("time", Seconds(scenario.Duration)));
        var verdictWord = scenario.Verdict.ToReportWord();
        switch (Classify(scenario))
        {
            case Outcome.Skipped:
                element.Add(new XElement("skipped", new XAttribute("message", "not executed (" + scenario.Status.ToReportWord() + ")")));
                break;
            case Outcome.Failure:
                var judged = scenario.Metrics.Where(m => m.Verdict == scenario.Verdict).ToList();
                element.Add(new XElement("failure",
                    new XAttribute("message", $"{verdictWord}: " + string.Join("; ", judged.Select(m => m.VerdictReason ?? m.Metric))),
                    new XAttribute("type", verdictWord),
                    Clean(string.Join("\n", judged.Select(MetricLine)))));
                break;
            case Outcome.Error:
                var problem = scenario.FirstError ?? string.Join("; ", scenario.Metrics.Where(m => m.Verdict == Verdict.Error).Select(m => m.VerdictReason ?? m.Metric));
                element.Add(new XElement("error",
                    new XAttribute("message", Clean(FirstLine(problem))),
                    new XAttribute("type", scenario.Status == StepStatus.Passed ? verdictWord : scenario.Status.ToReportWord()),
                    Clean(StepLog(scenario))));
                break;
        }

        element.Add(new XElement("system-out", Clean(StepLog(scenario) + string.Concat(scenario.Metrics.Select(m => MetricLine(m) + "\n")))));
        return element;
    }

    private static string StepLog(ScenarioResult scenario)
    {
        var log = new StringBuilder();
        foreach (var step in scenario.Steps)
        {
            log.Append(CultureInfo.InvariantCulture, $"{step.Status.ToReportWord(),-9} {step.Keyword.Trim()} {step.Text} (line {step.Line})\n");
            if (step.Error is not null)
            {
                log.Append("          ").Append(step.Error.Replace("\n", "\n          ", StringComparison.Ordinal)).Append('\n');
            }
        }

        return log.ToString();
    }

    private static string MetricLine(MetricResult m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Verdict.ToReportWord()} {m.ClauseId ?? "-"} {m.Metric}{(m.Qubit is null ? "" : "[" + m.Qubit + "]")} = {m.Value:G6} ± {m.StandardUncertainty:G3} {m.Unit}, {m.ConfidenceLevel:P0} interval [{m.IntervalLow:G6}, {m.IntervalHigh:G6}], limit {m.Limit?.ToString() ?? "none"}");

    private static string FirstLine(string text) => text.Split('\n')[0];

    /// <summary>XML 1.0 cannot carry most control characters; an instrument's garbage bytes must not break the file.</summary>
    private static string Clean(string text) =>
        string.Concat(text.Where(c => c is '\n' or '\t' or '\r' || char.IsSurrogate(c) || (c >= ' ' && XmlConvert.IsXmlChar(c))));

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
