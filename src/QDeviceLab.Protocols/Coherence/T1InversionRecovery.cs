using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// T1 by inversion recovery: a pi pulse, a wait, readout. The excited fraction decays as
/// P1(t) = A exp(-t/T1) + B; A and B absorb readout assignment errors.
/// </summary>
public static class T1InversionRecovery
{
    public const string ProtocolName = "t1-inversion-recovery";

    public static Task<DelaySweepData> AcquireAsync(QubitLines qubit, DelaySweepParameters parameters, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recorder);
        return DelaySweep.AcquireAsync(
            ProtocolName,
            qubit,
            parameters,
            new Dictionary<string, double>(),
            (builder, delay) =>
            {
                builder.Rotate(Math.PI);
                return builder.Wait(delay);
            },
            recorder,
            cancellationToken);
    }

    public static CoherenceResult Fit(DelaySweepData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var points = DecayTime.Arrays(data);
        var (x, y, sigma) = points;
        var model = new ExponentialDecayModel();
        var fit = CurveFitter.Fit(model, x, y, sigma);
        DecayTime.EnsureUsable(fit, "tau", data);
        var t1 = DecayTime.FromFit(fit, "tau");
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Inversion recovery: pi pulse, wait t, single-shot readout; {data.Points.Count} delays from {x.Min() * 1e6:G4} to {x.Max() * 1e6:G4} us, {data.Settings["shots"]} shots each; weighted least-squares fit of {fit.Formula} with binomial shot-noise weights.");
        return new CoherenceResult("T1", data.Qubit, t1, fit, method, data) { Evidence = DecayTime.Evidence(model, fit, points) };
    }
}
