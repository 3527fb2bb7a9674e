using System.Diagnostics;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>Which scenarios to run and whether to execute them.</summary>
/// <param name="Tags">Scenarios whose tags do not satisfy this are left out of the run and the record.</param>
/// <param name="DryRun">Match every step, execute none: finds undefined and ambiguous steps without touching instruments.</param>
/// <param name="Order">Order the selected scenarios run in; defined order when null.</param>
public sealed record RunOptions(TagExpression? Tags = null, bool DryRun = false, RunOrder? Order = null)
{
    /// <summary>A run id; a new GUID when not given.</summary>
    public string? RunId { get; init; }
}

/// <summary>Hears about a run as it goes, e.g. to print console progress. Every method is optional.</summary>
public interface IRunObserver
{
    void ScenarioStarted(CompiledScenario scenario, int index, int count) { }

    void StepFinished(CompiledScenario scenario, StepResult step) { }

    void ScenarioFinished(ScenarioResult result, int index, int count) { }
}

/// <summary>
/// Runs compiled scenarios against a step registry. Each step goes through guarded phases
/// (match, convert arguments, invoke) so that whatever a step throws becomes a status and a
/// message in the record, never the end of the run. After the first step that does not
/// pass, the rest of the scenario is skipped.
/// </summary>
public static class FeatureRunner
{
    public static async Task<RunRecord> RunAsync(
        IReadOnlyList<CompiledScenario> scenarios,
        StepRegistry registry,
        RunOptions options,
        RunContext runContext,
        IRunObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runContext);

        var started = DateTimeOffset.UtcNow;
        var tags = options.Tags ?? TagExpression.Any;
        var order = options.Order ?? RunOrder.Defined;
        var defined = scenarios.Where(s => tags.Evaluate(s.Tags.ToList())).ToList();
        var selected = order.Apply(defined);
        var results = new List<ScenarioResult>(selected.Count);
        for (var i = 0; i < selected.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            observer?.ScenarioStarted(selected[i], i, selected.Count);
            var result = await RunScenarioAsync(selected[i], registry, options.DryRun, runContext, observer, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            observer?.ScenarioFinished(result, i, selected.Count);
        }

        return new RunRecord
        {
            RunId = options.RunId ?? Guid.NewGuid().ToString("D"),
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Seed = runContext.Seed,
            DryRun = options.DryRun,
            TagExpression = tags.ToString() ?? "",
            Order = order.ToString(),
            Features = defined
                .GroupBy(s => s.FeaturePath, StringComparer.Ordinal)
                .Select(g => new FeatureInfo(g.Key, g.First().FeatureSha256))
                .ToList(),
            Scenarios = results,
        };
    }

    private static async Task<ScenarioResult> RunScenarioAsync(
        CompiledScenario scenario, StepRegistry registry, bool dryRun, RunContext run, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var context = new ScenarioContext(scenario, run);
        var steps = new List<StepResult>(scenario.Steps.Count);
        var clock = Stopwatch.StartNew();
        StepStatus? blockedBy = null;
        foreach (var step in scenario.Steps)
        {
            StepResult result;
            if (blockedBy is { } earlier)
            {
                result = NotRun(step, registry, earlier);
            }
            else
            {
                result = await RunStepAsync(context, step, registry, dryRun, cancellationToken).ConfigureAwait(false);
                // A dry run skips every matched step; that must not stop it matching the rest.
                var ran = result.Status == StepStatus.Passed || (dryRun && result.Status == StepStatus.Skipped);
                blockedBy = ran ? null : result.Status;
            }

            steps.Add(result);
            observer?.StepFinished(scenario, result);
        }

        return new ScenarioResult
        {
            Feature = scenario.FeaturePath,
            Name = scenario.Name,
            Line = scenario.Line,
            Qubit = scenario.Qubit,
            Parameters = scenario.Parameters,
            Tags = scenario.Tags,
            Status = ScenarioStatus(steps),
            Steps = steps,
            Metrics = context.Metrics.ToList(),
            Duration = clock.Elapsed,
        };
    }

    private static async Task<StepResult> RunStepAsync(
        ScenarioContext context, ScenarioStep step, StepRegistry registry, bool dryRun, CancellationToken cancellationToken)
    {
        StepResult Result(StepStatus status, TimeSpan duration, string? error) =>
            new(step.Keyword, step.Text, step.Line, status, duration, error);

        var match = registry.Match(step.Text);
        switch (match.Kind)
        {
            case StepMatchKind.Undefined:
                return Result(StepStatus.Undefined, TimeSpan.Zero, match.Problem);
            case StepMatchKind.Ambiguous:
                return Result(StepStatus.Ambiguous, TimeSpan.Zero, match.Problem);
        }

        object?[] arguments;
        try
        {
            arguments = StepRegistry.ConvertArguments(match);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return Result(StepStatus.Failed, TimeSpan.Zero, $"cannot convert the arguments of \"{match.Definition!.Expression}\": {e.Message}");
        }

        if (dryRun)
        {
            return Result(StepStatus.Skipped, TimeSpan.Zero, null);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await match.Definition!.Body(new StepContext(context, step, cancellationToken), arguments).ConfigureAwait(false);
            return Result(StepStatus.Passed, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PendingStepException e)
        {
            return Result(StepStatus.Pending, clock.Elapsed, e.Message);
        }
        catch (SkippedStepException e)
        {
            return Result(StepStatus.Skipped, clock.Elapsed, e.Message);
        }
        catch (Exception e)
        {
            return Result(StepStatus.Failed, clock.Elapsed, Describe(e));
        }
    }

    /// <summary>
    /// A step after the first one that did not pass is not run, but still matched: an undefined
    /// or ambiguous step says so (with its snippet), as in Cucumber, so one run lists every step
    /// still to write; any other step is skipped. A step that skipped itself (the scenario does
    /// not apply) skips all the rest without judging it.
    /// </summary>
    private static StepResult NotRun(ScenarioStep step, StepRegistry registry, StepStatus blockedBy)
    {
        if (blockedBy == StepStatus.Skipped)
        {
            return new StepResult(step.Keyword, step.Text, step.Line, StepStatus.Skipped, TimeSpan.Zero, null);
        }

        var match = registry.Match(step.Text);
        var status = match.Kind switch
        {
            StepMatchKind.Undefined => StepStatus.Undefined,
            StepMatchKind.Ambiguous => StepStatus.Ambiguous,
            _ => StepStatus.Skipped,
        };
        return new StepResult(step.Keyword, step.Text, step.Line, status, TimeSpan.Zero, match.Problem);
    }

    /// <summary>Our own exceptions carry complete messages; anything else also needs its type to be understood.</summary>
    private static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        return e is QDeviceLabException ? e.Message : $"{e.GetType().FullName}: {e.Message}";
    }

    private static StepStatus ScenarioStatus(IReadOnlyList<StepResult> steps)
    {
        var notPassed = steps.FirstOrDefault(s => s.Status != StepStatus.Passed);
        return notPassed?.Status ?? StepStatus.Passed;
    }
}
