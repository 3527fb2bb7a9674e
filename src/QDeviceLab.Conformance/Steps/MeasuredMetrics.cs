using QDeviceLab.Core;
using QDeviceLab.Protocols;

namespace QDeviceLab.Conformance.Steps;

/// <summary>
/// Where measurement steps leave their results for the judging step and for steps that derive
/// one metric from others (T_phi from T1 and T2E): the scenario's items, one per metric symbol.
/// A later measurement of the same metric replaces the earlier one.
/// </summary>
internal static class MeasuredMetrics
{
    private const string Prefix = "metric:";

    public static void Keep(StepContext step, IMeasuredMetric result) =>
        step.Scenario.Items[Prefix + result.Metric] = result;

    /// <summary>The metric measured earlier in the scenario; a MeasurementException (step ERROR) when there is none.</summary>
    public static IMeasuredMetric Find(StepContext step, string metric) =>
        step.Scenario.Items.TryGetValue(Prefix + metric, out var found) && found is IMeasuredMetric result
            ? result
            : throw new MeasurementException($"no {metric} has been measured in this scenario; measure it in an earlier step");

    /// <summary>
    /// Judges the metric measured earlier in the scenario against a clause the scenario cites:
    /// value against the limit of the run's grade, method facts against the clause's requirements.
    /// A MeasurementException (step ERROR) when the clause is not cited, is about another metric,
    /// or nothing was measured.
    /// </summary>
    public static MetricResult Assess(StepContext step, string metric, string clauseId)
    {
        var clause = Harness.Of(step).Profiles.Clause(clauseId);
        if (ClauseCitations.Problem(step.Scenario.Scenario, clauseId) is { } problem)
        {
            throw new MeasurementException(problem);
        }

        if (!string.Equals(clause.Metric.Symbol, metric, StringComparison.Ordinal))
        {
            throw new MeasurementException($"clause {clauseId} is about {clause.Metric.Symbol}, not {metric}");
        }

        var result = Find(step, metric);
        var judged = MetricResult.Evaluate(clause, result.Value, result.Qubit, result.RawDataFile, FitInfo(result)) with { Method = result.Method, Evidence = result.Evidence };
        return MethodAssessment.Apply(judged, clause, MethodAssessment.WithDerived(result.MethodFacts, result.Value));
    }

    public static FitInfo? FitInfo(IMeasuredMetric result) =>
        result.Fit is { } fit ? new FitInfo(fit.Formula, fit.ReducedChiSquare, fit.StopReason.ToString()) : null;
}
