using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// T2 by dynamical decoupling. Hahn echo: pi/2 - t/2 - pi(y) - t/2 - pi/2, which refocuses static
/// detuning and quasi-static noise. CPMG: N pi pulses about y at t_i = (t/N)(i - 1/2) between the
/// pi/2 pulses, which also filters slower noise. The state ends in |1> at t = 0 and the coherence
/// decays as P1(t) = A exp(-t/T2) + B with B near 1/2.
/// </summary>
public static class T2Echo
{
    public const string HahnProtocolName = "t2-hahn-echo";

    public const string CpmgProtocolName = "t2-cpmg";

    /// <summary>Metric symbol of the Hahn-echo decay time.</summary>
    public const string HahnMetric = "T2E";

    /// <summary>Metric symbol of the CPMG decay time (the number of pulses is in the method text and the raw data).</summary>
    public const string CpmgMetric = "T2CPMG";

    /// <summary>Most pi pulses a CPMG train may have: beyond this the pulses themselves dominate the idle.</summary>
    public const int MaxPiPulses = 512;

    public static Task<DelaySweepData> AcquireHahnAsync(QubitLines qubit, DelaySweepParameters parameters, RawDataRecorder recorder, CancellationToken cancellationToken = default) =>
        AcquireAsync(HahnProtocolName, qubit, parameters, 1, recorder, cancellationToken);

    public static Task<DelaySweepData> AcquireCpmgAsync(QubitLines qubit, DelaySweepParameters parameters, int piPulses, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        if (piPulses is < 1 or > MaxPiPulses)
        {
            throw new ArgumentOutOfRangeException(nameof(piPulses), piPulses, $"a CPMG train needs 1 to {MaxPiPulses} pi pulses");
        }

        return AcquireAsync(CpmgProtocolName, qubit, parameters, piPulses, recorder, cancellationToken);
    }

    public static CoherenceResult Fit(DelaySweepData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (metric, name) = data.Protocol switch
        {
            HahnProtocolName => (HahnMetric, "Hahn echo"),
            CpmgProtocolName => (CpmgMetric, "CPMG"),
            _ => throw new ArgumentException($"'{data.Protocol}' is not an echo protocol ({HahnProtocolName} or {CpmgProtocolName})", nameof(data)),
        };
        var points = DecayTime.Arrays(data);
        var (x, y, sigma) = points;
        var model = new ExponentialDecayModel();
        var fit = CurveFitter.Fit(model, x, y, sigma);
        DecayTime.EnsureUsable(fit, "tau", data);
        var t2 = DecayTime.FromFit(fit, "tau");
        var pulses = (int)data.Settings.GetValueOrDefault("pi_pulses", 1);
        var train = pulses == 1
            ? "pi/2, wait t/2, pi about y, wait t/2, pi/2"
            : $"pi/2, {pulses} pi pulses about y at (t/{pulses})(i - 1/2), pi/2";
        var method = string.Create(CultureInfo.InvariantCulture,
            $"{name}: {train}, single-shot readout; t is the total free evolution, {data.Points.Count} values from {x.Min() * 1e6:G4} to {x.Max() * 1e6:G4} us, {data.Settings["shots"]} shots each; weighted least-squares fit of {fit.Formula} with binomial shot-noise weights.");
        return new CoherenceResult(metric, data.Qubit, t2, fit, method, data) { Evidence = DecayTime.Evidence(model, fit, points) };
    }

    private static Task<DelaySweepData> AcquireAsync(string protocol, QubitLines qubit, DelaySweepParameters parameters, int piPulses, RawDataRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recorder);
        return DelaySweep.AcquireAsync(
            protocol,
            qubit,
            parameters,
            new Dictionary<string, double> { ["pi_pulses"] = piPulses },
            (builder, delay) => EchoSequence.Compile(builder, delay, piPulses),
            recorder,
            cancellationToken);
    }
}
