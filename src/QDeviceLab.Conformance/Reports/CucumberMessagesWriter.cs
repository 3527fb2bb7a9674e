using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>
/// Writes <c>messages.ndjson</c>: the run as a Cucumber Messages stream (one envelope per line),
/// so Cucumber's own tools (HTML formatter, JUnit and JSON formatters, report servers) can read
/// a QDeviceLab run. Written from the run record after the run: step start times are laid end
/// to end from the run's start by the measured durations, which keeps order and durations true.
/// </summary>
public static class CucumberMessagesWriter
{
    public const string FileName = "messages.ndjson";

    /// <summary>Version of the Cucumber Messages protocol these envelopes follow.</summary>
    public static string ProtocolVersion { get; } = typeof(Envelope).Assembly.GetName().Version?.ToString(3) ?? "35.0.0";

    public static string WriteToDirectory(RunRecord record, string directory, StepRegistry? registry = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        using var stream = File.Create(path);
        Write(record, stream, registry);
        return path;
    }

    /// <param name="registry">Step definitions to name in <c>stepDefinition</c> envelopes and link each step to; none when null.</param>
    public static void Write(RunRecord record, Stream stream, StepRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var envelope in Envelopes(record, registry))
        {
            writer.WriteLine(JsonSerializer.Serialize(envelope, CucumberMessageJson.Options));
        }
    }

    /// <summary>
    /// The envelopes in stream order, as the Cucumber reference implementation orders them:
    /// each feature's source, document and pickles (document order), the parameter types and
    /// step definitions, then every test case (run order) before the first one starts.
    /// </summary>
    public static IEnumerable<Envelope> Envelopes(RunRecord record, StepRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ids = new IncrementingIdGenerator();
        yield return Envelope.Create(new Meta(
            ProtocolVersion,
            new Product("QDeviceLab", record.SoftwareVersion),
            new Product(".NET", System.Environment.Version.ToString()),
            new Product(RuntimeInformation.OSDescription, null),
            new Product(RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), null),
            null));

        var pickles = new Dictionary<ScenarioResult, Pickle>();
        foreach (var feature in record.Features)
        {
            if (feature.Text is null || ParseOrNull(feature, ids) is not { } document)
            {
                continue;
            }

            yield return Envelope.Create(new Source(feature.Path, feature.Text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN));
            yield return Envelope.Create(document);
            var compiled = document.Feature is null ? [] : new PickleCompiler(ids).Compile(document);
            var waiting = record.Scenarios.Where(s => s.Feature == feature.Path && !pickles.ContainsKey(s)).ToList();
            foreach (var pickle in compiled)
            {
                var result = waiting.FirstOrDefault(s => s.Name == pickle.Name && s.Line == (pickle.Location?.Line ?? s.Line));
                if (result is not null)
                {
                    waiting.Remove(result);
                    pickles[result] = pickle;
                    yield return Envelope.Create(pickle);
                }
            }
        }

        // A record whose feature text is unknown still reports every scenario, on pickles
        // rebuilt from the record (their AST ids then point at no gherkinDocument).
        foreach (var scenario in record.Scenarios.Where(s => !pickles.ContainsKey(s)))
        {
            pickles[scenario] = Synthesize(scenario, ids);
            yield return Envelope.Create(pickles[scenario]);
        }

        foreach (var type in registry?.CustomParameterTypes ?? [])
        {
            yield return Envelope.Create(new ParameterType(
                type.Name, [.. type.RegexStrings], false, type.UseForSnippets, ids.GetNewId(), null));
        }

        var definitionIds = new Dictionary<StepDefinition, string>();
        foreach (var definition in registry?.Definitions ?? [])
        {
            definitionIds[definition] = ids.GetNewId();
            var kind = definition.Kind == StepPatternKind.RegularExpression
                ? StepDefinitionPatternType.REGULAR_EXPRESSION
                : StepDefinitionPatternType.CUCUMBER_EXPRESSION;
            yield return Envelope.Create(new Io.Cucumber.Messages.Types.StepDefinition(
                definitionIds[definition],
                new StepDefinitionPattern(definition.Expression, kind),
                SourceReference.Create("QDeviceLab.Conformance/Steps")));
        }

        foreach (var undefined in registry?.UndefinedParameterTypes ?? [])
        {
            yield return Envelope.Create(new UndefinedParameterType(undefined.Expression, undefined.Name));
        }

        var runStartedId = ids.GetNewId();
        yield return Envelope.Create(new TestRunStarted(Time(record.StartedUtc), runStartedId));

        var testCases = new List<TestCase>(record.Scenarios.Count);
        foreach (var scenario in record.Scenarios)
        {
            var pickle = pickles[scenario];
            var testSteps = pickle.Steps.Select(step => TestStep(step, registry, definitionIds, ids)).ToList();
            testCases.Add(new TestCase(ids.GetNewId(), pickle.Id, testSteps, runStartedId));
            yield return Envelope.Create(testCases[^1]);
        }

        var cursor = record.StartedUtc;
        for (var c = 0; c < record.Scenarios.Count; c++)
        {
            var scenario = record.Scenarios[c];
            var testCase = testCases[c];
            var pickleSteps = pickles[scenario].Steps;
            var startedId = ids.GetNewId();
            var caseStart = cursor;
            yield return Envelope.Create(new TestCaseStarted(0, startedId, testCase.Id, null, Time(cursor)));
            for (var i = 0; i < testCase.TestSteps.Count; i++)
            {
                var step = i < scenario.Steps.Count ? scenario.Steps[i] : null;
                var testStep = testCase.TestSteps[i];
                yield return Envelope.Create(new TestStepStarted(startedId, testStep.Id, Time(cursor)));
                if (step?.Status == StepStatus.Undefined && registry is not null)
                {
                    var snippets = registry.Snippets(pickleSteps[i].Text).Select(code => new Snippet("cs", code)).ToList();
                    yield return Envelope.Create(new Suggestion(ids.GetNewId(), testStep.PickleStepId, snippets));
                }

                var duration = step?.Duration ?? TimeSpan.Zero;
                cursor += duration;
                var status = step is null ? TestStepResultStatus.UNKNOWN : Status(step.Status);
                yield return Envelope.Create(new TestStepFinished(startedId, testStep.Id, new TestStepResult(Span(duration), step?.Error, status, null), Time(cursor)));
            }

            // The scenario's wall time also covers matching and bookkeeping between steps.
            cursor = caseStart + (scenario.Duration > cursor - caseStart ? scenario.Duration : cursor - caseStart);
            yield return Envelope.Create(new TestCaseFinished(startedId, Time(cursor), false));
        }

        var finished = record.FinishedUtc > cursor ? record.FinishedUtc : cursor;
        yield return Envelope.Create(new TestRunFinished(
            $"verdict {record.Verdict.ToReportWord()}", Succeeded(record), Time(finished), null, runStartedId));
    }

    /// <summary>
    /// Cucumber's meaning of a successful run: no scenario failed, was undefined, ambiguous or
    /// pending (skipped ones do not count against it). A dry run executed nothing, so it has
    /// shown no success. The QDeviceLab verdict travels beside it in the message.
    /// </summary>
    private static bool Succeeded(RunRecord record) =>
        !record.DryRun && record.Scenarios.All(s => s.Status is StepStatus.Passed or StepStatus.Skipped);

    /// <summary>
    /// The feature's document, or null when its text does not parse (a hand-edited record): the
    /// scenarios are then reported on rebuilt pickles rather than the whole stream being lost.
    /// </summary>
    private static GherkinDocument? ParseOrNull(FeatureInfo feature, IncrementingIdGenerator ids)
    {
        try
        {
            var ast = new Parser().Parse(new StringReader(feature.Text!));
            return new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, feature.Path);
        }
        catch (System.Exception e) when (e is CompositeParserException or ParserException)
        {
            return null;
        }
    }

    private static TestStep TestStep(PickleStep step, StepRegistry? registry, Dictionary<StepDefinition, string> definitionIds, IncrementingIdGenerator ids)
    {
        var match = registry?.Match(step.Text);
        var candidates = match?.Candidates ?? [];
        var arguments = candidates.Select(d => new StepMatchArgumentsList(Arguments(d, step.Text))).ToList();
        return new TestStep(null, ids.GetNewId(), step.Id, candidates.Select(d => definitionIds[d]).ToList(), arguments);
    }

    /// <summary>One argument per top-level capture group, with its nested groups and parameter type, as Cucumber reports them.</summary>
    private static List<StepMatchArgument> Arguments(StepDefinition definition, string text)
    {
        var root = definition.Groups.Match(text);
        if (root is null)
        {
            return [];
        }

        var types = definition.ParameterTypes;
        return root.Children
            .Select((g, i) => i < types.Count && types[i] is { } type
                ? new StepMatchArgument(WithInnerGroups(g, type), type.Name)
                : new StepMatchArgument(ToMessage(g), null))
            .ToList();
    }

    /// <summary>
    /// The .NET Cucumber Expressions compile a parameter type's own capture groups as
    /// non-capturing; Cucumber's reference implementation reports them as children (the text
    /// inside the quotes of a {string}). They are recovered by matching the argument's text
    /// against the parameter type's regular expressions.
    /// </summary>
    private static Io.Cucumber.Messages.Types.Group WithInnerGroups(CucumberExpressions.Parsing.Group group, StepParameterType type)
    {
        if (group.Value is null || group.Start < 0 || group.Children?.Count > 0)
        {
            return ToMessage(group);
        }

        foreach (var regex in type.RegexStrings)
        {
            var inner = new CucumberExpressions.Parsing.TreeRegexp("^(?:" + regex + ")$").Match(group.Value);
            if (inner is not null && inner.Children.Count > 0)
            {
                var children = inner.Children.Select(c => Shifted(ToMessage(c), group.Start)).ToList();
                return new Io.Cucumber.Messages.Types.Group(children, group.Start, group.Value);
            }
        }

        return ToMessage(group);
    }

    private static Io.Cucumber.Messages.Types.Group Shifted(Io.Cucumber.Messages.Types.Group group, long offset) =>
        new(group.Children?.Select(c => Shifted(c, offset)).ToList()!, group.Start + offset, group.Value);

    /// <summary>A group that did not take part has neither start nor value; children are absent when there are none.</summary>
    private static Io.Cucumber.Messages.Types.Group ToMessage(CucumberExpressions.Parsing.Group group)
    {
        var matched = group.Value is not null && group.Start >= 0;
        var children = group.Children?.Count > 0 ? group.Children.Select(ToMessage).ToList() : null;
        return new Io.Cucumber.Messages.Types.Group(children!, matched ? group.Start : null, matched ? group.Value : null);
    }

    private static Pickle Synthesize(ScenarioResult scenario, IncrementingIdGenerator ids)
    {
        var scenarioNode = ids.GetNewId();
        var steps = scenario.Steps.Select(s => new PickleStep(null, [ids.GetNewId()], ids.GetNewId(), StepType(s.Keyword), s.Text)).ToList();
        var tags = scenario.Tags.Select(t => new PickleTag(t, ids.GetNewId())).ToList();
        return new Pickle(ids.GetNewId(), scenario.Feature, new Location(Math.Max(1, scenario.Line), null), scenario.Name, "en", steps, tags, [scenarioNode]);
    }

    private static PickleStepType StepType(string keyword) => keyword.Trim() switch
    {
        "Given" => PickleStepType.CONTEXT,
        "When" => PickleStepType.ACTION,
        "Then" => PickleStepType.OUTCOME,
        _ => PickleStepType.UNKNOWN,
    };

    private static TestStepResultStatus Status(StepStatus status) => status switch
    {
        StepStatus.Passed => TestStepResultStatus.PASSED,
        StepStatus.Skipped => TestStepResultStatus.SKIPPED,
        StepStatus.Pending => TestStepResultStatus.PENDING,
        StepStatus.Undefined => TestStepResultStatus.UNDEFINED,
        StepStatus.Ambiguous => TestStepResultStatus.AMBIGUOUS,
        StepStatus.Failed => TestStepResultStatus.FAILED,
        _ => TestStepResultStatus.UNKNOWN,
    };

    private static Timestamp Time(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new Timestamp(Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest), rest * 100);
    }

    private static Duration Span(TimeSpan span)
    {
        var ticks = Math.Max(0, span.Ticks);
        return new Duration(Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest), rest * 100);
    }
}
