using System.Text.Json;
using QDeviceLab.Specs.Drivers;
using TechTalk.SpecFlow;
using Xunit;

namespace QDeviceLab.Specs.StepDefinitions;

/// <summary>Step definitions of the CLI specs: one or two lines each, the work is in <see cref="QdlabDriver"/>.</summary>
[Binding]
public sealed class QdlabSteps(QdlabDriver qdlab)
{
    [Given("a fresh report folder")]
    public void GivenAFreshReportFolder() => qdlab.UseFreshReportFolder();

    [Given(@"a feature file ""(.*)"" containing:")]
    public void GivenAFeatureFileContaining(string name, string text) =>
        File.WriteAllText(Path.Combine(qdlab.Directory, name), text);

    [Given("qdlab has run the T1 features into it")]
    public async Task GivenQdlabHasRunTheT1Features()
    {
        await qdlab.RunAsync("run {features} --tags @t1 --seed 11 --out {out}");
        Assert.True(qdlab.ExitCode == 0, $"exit {qdlab.ExitCode}\n{qdlab.Output}\n{qdlab.Error}");
    }

    [Given(@"""(.*)"" in the report folder is changed")]
    public void GivenAFileInTheReportFolderIsChanged(string name) =>
        File.AppendAllText(Path.Combine(qdlab.ReportFolder, name), " ");

    [When(@"I run qdlab with ""(.*)""")]
    public Task WhenIRunQdlabWith(string arguments) => qdlab.RunAsync(arguments);

    [Then(@"the exit code is (\d+)")]
    public void ThenTheExitCodeIs(int code) =>
        Assert.True(qdlab.ExitCode == code, $"expected exit {code}, got {qdlab.ExitCode}\n{qdlab.Output}\n{qdlab.Error}");

    [Then(@"the output says ""(.*)""")]
    public void ThenTheOutputSays(string text) => Assert.Contains(text, qdlab.Output, StringComparison.Ordinal);

    [Then(@"the error output says ""(.*)""")]
    public void ThenTheErrorOutputSays(string text) => Assert.Contains(text, qdlab.Error, StringComparison.Ordinal);

    [Then(@"the error output names ""(.*)"" at line (\d+)")]
    public void ThenTheErrorOutputNamesFileAndLine(string name, int line) =>
        Assert.StartsWith($"error: {Path.Combine(qdlab.Directory, name)}:{line}:", qdlab.Error, StringComparison.Ordinal);

    [Then(@"the report folder holds (.*)")]
    public void ThenTheReportFolderHolds(string files)
    {
        foreach (var file in files.Replace(" and ", ", ", StringComparison.Ordinal).Split(", ", StringSplitOptions.TrimEntries))
        {
            Assert.True(File.Exists(Path.Combine(qdlab.ReportFolder, file)), $"{file} is missing from {qdlab.ReportFolder}");
        }
    }

    [Then(@"every metric in report\.json is marked NONCONFORMING METHOD because ""(.*)""")]
    public void ThenEveryMetricIsNonconforming(string reason)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(qdlab.ReportFolder, "report.json")));
        var metrics = report.RootElement.GetProperty("metrics").EnumerateArray().ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics, m =>
        {
            Assert.Equal("NONCONFORMING", m.GetProperty("methodConformance").GetProperty("status").GetString());
            Assert.Contains(reason, m.GetProperty("methodConformance").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
            Assert.StartsWith("NONCONFORMING METHOD", m.GetProperty("verdictReason").GetString(), StringComparison.Ordinal);
        });
    }

    [Then(@"every metric in report\.json has a conforming method")]
    public void ThenEveryMetricHasAConformingMethod()
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(qdlab.ReportFolder, "report.json")));
        var metrics = report.RootElement.GetProperty("metrics").EnumerateArray().ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics.Where(m => m.GetProperty("methodConformance").ValueKind != JsonValueKind.Null),
            m => Assert.Equal("CONFORMING", m.GetProperty("methodConformance").GetProperty("status").GetString()));
    }
}
