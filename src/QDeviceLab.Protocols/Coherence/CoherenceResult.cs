using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// A coherence time with its uncertainty, the fit behind it and the data it came from.
/// </summary>
/// <param name="Metric">Symbol of the metric, e.g. <c>T1</c> or <c>T2*</c>.</param>
/// <param name="Method">One sentence on how it was measured, for the report.</param>
public sealed record CoherenceResult(
    string Metric,
    string Qubit,
    Measurement Value,
    FitResult Fit,
    string Method,
    DelaySweepData Data) : IMeasuredMetric
{
    /// <summary>Path of the raw-data summary on disk, when it was recorded.</summary>
    public string? RawDataFile { get; init; }

    /// <summary>The fitted points and curve, for plots.</summary>
    public required FitEvidence Evidence { get; init; }

    /// <summary>Shots, delays and delay range of the points actually taken, plus pi pulses or detuning.</summary>
    public IReadOnlyDictionary<string, double> MethodFacts => MethodFact.OfDelaySweep(Data);
}

/// <summary>Turns a fitted decay-time parameter into a reported measurement.</summary>
internal static class DecayTime
{
    /// <summary>
    /// The standard uncertainty is the fit's standard error with the binomial shot-noise sigmas
    /// taken as known; when the residuals scatter more than those sigmas allow (reduced
    /// chi-square above 1) it is scaled up by sqrt(chi2_red), the Birge ratio, so a model that
    /// misses the data cannot claim shot-noise-limited precision. It is never scaled down.
    /// </summary>
    public static Measurement FromFit(FitResult fit, string parameter)
    {
        var p = fit.Parameter(parameter);
        var birge = double.IsFinite(fit.ReducedChiSquare) ? Math.Sqrt(Math.Max(1.0, fit.ReducedChiSquare)) : 1.0;
        return new Measurement(p.Value, p.StandardError * birge, "s");
    }

    public static FitEvidence Evidence(IFitModel model, FitResult fit, (double[] X, double[] Y, double[] Sigma) points) =>
        FitEvidence.From(model, fit, points.X, points.Y, points.Sigma, "delay", "s", "excited-state fraction");

    public static (double[] X, double[] Y, double[] Sigma) Arrays(DelaySweepData data)
    {
        if (data.Points.Count < 6)
        {
            throw new MeasurementException($"{data.Protocol} of {data.Qubit}: only {data.Points.Count} delays were measured; a decay fit needs at least 6");
        }

        var x = data.Points.Select(p => p.Delay).ToArray();
        var y = data.Points.Select(p => p.ExcitedFraction).ToArray();
        var sigma = data.Points.Select(p => ShotNoise.BinomialSigma(p.Excited, p.Shots)).ToArray();
        return (x, y, sigma);
    }

    public static void EnsureUsable(FitResult fit, string parameter, DelaySweepData data)
    {
        var p = fit.Parameter(parameter);
        if (!fit.Converged || !double.IsFinite(p.Value) || !double.IsFinite(p.StandardError) || p.Value <= 0)
        {
            throw new MeasurementException(
                $"{data.Protocol} fit of {data.Qubit} did not give a usable {parameter} (stopped: {fit.StopReason}, {parameter} = {p.Value:G4} ± {p.StandardError:G3})");
        }
    }
}
