using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// T2* by Ramsey with an artificial detuning: pi/2, wait t, pi/2 about an axis advanced by
/// 2 pi f_art t (a virtual Z, so the fringes oscillate at f_art plus the qubit's own detuning),
/// readout. P1(t) = A exp(-t/T2*) cos(2 pi f t + phi) + B.
/// </summary>
public static class T2StarRamsey
{
    public const string ProtocolName = "t2star-ramsey";

    public static Task<DelaySweepData> AcquireAsync(QubitLines qubit, DelaySweepParameters parameters, double artificialDetuning, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recorder);
        if (!double.IsFinite(artificialDetuning))
        {
            throw new ArgumentOutOfRangeException(nameof(artificialDetuning), artificialDetuning, "the artificial detuning must be a finite frequency");
        }

        return DelaySweep.AcquireAsync(
            ProtocolName,
            qubit,
            parameters,
            new Dictionary<string, double> { ["artificial_detuning"] = artificialDetuning },
            (builder, delay) =>
            {
                builder.Rotate(Math.PI / 2);
                var played = builder.Wait(delay);
                builder.Rotate(Math.PI / 2, 2 * Math.PI * artificialDetuning * played);
                return played;
            },
            recorder,
            cancellationToken);
    }

    public static CoherenceResult Fit(DelaySweepData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var points = DecayTime.Arrays(data);
        var (x, y, sigma) = points;
        var model = new DampedCosineModel();
        var fit = CurveFitter.Fit(model, x, y, sigma);
        DecayTime.EnsureUsable(fit, "tau", data);
        var t2Star = DecayTime.FromFit(fit, "tau");
        var detuning = data.Settings.GetValueOrDefault("artificial_detuning");
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Ramsey: pi/2, wait t, pi/2 with a virtual-Z phase advancing at {detuning / 1e6:G4} MHz, single-shot readout; {data.Points.Count} delays from {x.Min() * 1e6:G4} to {x.Max() * 1e6:G4} us, {data.Settings["shots"]} shots each; weighted least-squares fit of {fit.Formula} with binomial shot-noise weights.");
        return new CoherenceResult("T2*", data.Qubit, t2Star, fit, method, data) { Evidence = DecayTime.Evidence(model, fit, points) };
    }
}
