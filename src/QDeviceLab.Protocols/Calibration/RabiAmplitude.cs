using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.Calibration;

/// <summary>
/// Rabi amplitude calibration: one pulse of the calibrated shape and length at each peak
/// amplitude of a sweep, then readout; the excited fraction follows B - A cos(pi a / a_pi) and
/// a_pi is the pi-pulse amplitude. Readout references use the station's current pi pulse, which
/// only has to make |1> distinguishable from |0>, not be exact.
/// </summary>
public static class RabiAmplitude
{
    public const string ProtocolName = "rabi-amplitude";

    /// <summary>Metric symbol: peak amplitude of a pi pulse, in volts.</summary>
    public const string Metric = "A_pi";

    public const string ShotsColumn = "amplitude_V";

    /// <summary><paramref name="count"/> evenly spaced amplitudes from <paramref name="first"/> to <paramref name="last"/> volts.</summary>
    public static IReadOnlyList<double> LinearAmplitudes(int count, double first, double last)
    {
        if (count < 6)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "a Rabi fit needs at least 6 amplitudes");
        }

        if (!double.IsFinite(first) || !double.IsFinite(last) || !(last > first))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the last amplitude ({last:G4} V) must be larger than the first ({first:G4} V)"), nameof(last));
        }

        return Enumerable.Range(0, count).Select(i => first + (last - first) * i / (count - 1)).ToArray();
    }

    public static async Task<AmplitudeSweepData> AcquireAsync(QubitLines qubit, IReadOnlyList<double> amplitudes, int shots, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(amplitudes);
        ArgumentNullException.ThrowIfNull(recorder);
        if (shots is < 10 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(shots), shots, "shots per point must be 10 to 1,000,000");
        }

        if (amplitudes.Count < 6 || amplitudes.Any(a => !double.IsFinite(a)))
        {
            throw new ArgumentException("a Rabi sweep needs at least 6 finite amplitudes", nameof(amplitudes));
        }

        var reach = qubit.Awg.FullScaleVolts;
        if (amplitudes.Any(a => Math.Abs(a) > reach))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the sweep reaches {amplitudes.Max(Math.Abs):G4} V but {qubit.Awg.Name} outputs at most ±{reach:G4} V at its configured amplitude"), nameof(amplitudes));
        }

        var started = DateTimeOffset.UtcNow;
        var points = new List<AmplitudePoint>(amplitudes.Count);
        ReadoutReference? reference = null;
        var settings = AcquisitionSettings.For(qubit, shots, new Dictionary<string, double>());
        AmplitudeSweepData Snapshot(bool complete) => new()
        {
            Protocol = ProtocolName,
            Qubit = qubit.Name,
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Complete = complete,
            Settings = settings,
            Instruments = AcquisitionSettings.Instruments(qubit),
            Reference = reference,
            Points = points.ToArray(),
            ShotsFile = Path.GetFileName(recorder.ShotsPath),
        };

        async Task TakeAllAsync()
        {
            var (groundRow, excitedRow) = ShotsRow.SweepReferences;
            var (ground, excited) = await BasisStatePreparation.AcquireAsync(qubit, shots, recorder, groundRow, excitedRow, cancellationToken).ConfigureAwait(false);
            var discriminator = new StateDiscriminator(ground, excited);
            discriminator.RequireSeparable(qubit.Name);
            reference = BasisStatePreparation.Reference(discriminator, shots);
            for (var index = 0; index < amplitudes.Count; index++)
            {
                var waveform = BasisStatePreparation.NewBuilder(qubit).Drive(amplitudes[index]).Build();
                var taken = await ShotAcquisition.AcquireAsync(qubit, waveform, shots, cancellationToken).ConfigureAwait(false);
                await recorder.AppendShotsAsync(index, "amplitude", amplitudes[index], taken).ConfigureAwait(false);
                points.Add(new AmplitudePoint(amplitudes[index], discriminator.CountExcited(taken), taken.Count));
            }
        }

        return await recorder.RecordAsync(TakeAllAsync, Snapshot).ConfigureAwait(false);
    }

    /// <summary>Fits B - A cos(pi a / a_pi) with binomial weights; the uncertainty is Birge-scaled as for decay times.</summary>
    public static RabiResult Fit(AmplitudeSweepData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Points.Count < 6)
        {
            throw new MeasurementException($"{data.Protocol} of {data.Qubit}: only {data.Points.Count} amplitudes were measured; a Rabi fit needs at least 6");
        }

        var x = data.Points.Select(p => p.Amplitude).ToArray();
        var y = data.Points.Select(p => p.ExcitedFraction).ToArray();
        var sigma = data.Points.Select(p => ShotNoise.BinomialSigma(p.Excited, p.Shots)).ToArray();
        var model = new RabiCosineModel();
        var fit = CurveFitter.Fit(model, x, y, sigma);
        var p = fit.Parameter("x_pi");
        if (!fit.Converged || !double.IsFinite(p.Value) || !double.IsFinite(p.StandardError) || !(p.Value > 0) || !(fit.Parameter("A").Value > 0))
        {
            throw new MeasurementException($"{data.Protocol} fit of {data.Qubit} did not give a usable pi amplitude (stopped: {fit.StopReason}, x_pi = {p.Value:G4} ± {p.StandardError:G3})");
        }

        var birge = double.IsFinite(fit.ReducedChiSquare) ? Math.Sqrt(Math.Max(1.0, fit.ReducedChiSquare)) : 1.0;
        var value = new Measurement(p.Value, p.StandardError * birge, "V");
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Rabi amplitude sweep: one Gaussian pulse of {data.Settings.GetValueOrDefault("pi_duration") * 1e9:G4} ns at each of {x.Length} peak amplitudes from {x.Min():G4} to {x.Max():G4} V, {data.Settings["shots"]} shots each; weighted least-squares fit of {fit.Formula} with binomial shot-noise weights.");
        var evidence = FitEvidence.From(model, fit, x, y, sigma, "drive amplitude", "V", "excited-state fraction");
        return new RabiResult(data.Qubit, value, fit, method, data) { Evidence = evidence };
    }
}

/// <summary>The calibrated pi-pulse amplitude with its fit and data.</summary>
public sealed record RabiResult(string Qubit, Measurement Value, FitResult Fit, string Method, AmplitudeSweepData Data) : IMeasuredMetric
{
    public string Metric => RabiAmplitude.Metric;

    public string? RawDataFile { get; init; }

    public required FitEvidence Evidence { get; init; }

    /// <summary>Amplitudes swept and the fewest shots taken at any of them.</summary>
    public IReadOnlyDictionary<string, double> MethodFacts => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [MethodFact.Amplitudes] = Data.Points.Count,
        [MethodFact.Shots] = Data.Points.Count == 0 ? 0 : Data.Points.Min(p => p.Shots),
    };
}

/// <summary>
/// How far the pi-pulse amplitude has drifted from the station file's calibration: the Rabi
/// sweep's a_pi over the calibrated amplitude the sweep ran with (its raw data's
/// <c>settings.pi_amplitude</c>), minus one, unit "1". A pilot line judges this rather than a_pi
/// itself, whose value belongs to one station; a drift says the drive chain (AWG gain, cabling,
/// attenuators, the qubit's coupling to its drive line) changed since calibration.
/// </summary>
public sealed record PiAmplitudeDrift(RabiResult Rabi, double Calibrated) : IMeasuredMetric
{
    public const string Symbol = "A_pi_drift";

    public string Metric => Symbol;

    public string Qubit => Rabi.Qubit;

    /// <summary>a_pi / calibrated - 1; the calibrated value is exact (a setting), so u is u(a_pi) / calibrated.</summary>
    public Measurement Value => new(Rabi.Value.Value / Calibrated - 1, Rabi.Value.StandardUncertainty / Calibrated, "1");

    public string Method => Rabi.Method + string.Create(CultureInfo.InvariantCulture,
        $" Measured a_pi = {Rabi.Value.Value:G5} ± {Rabi.Value.StandardUncertainty:G3} V; drift = a_pi / {Calibrated:G6} V (the station file's pi amplitude, which the references used) - 1.");

    public string? RawDataFile => Rabi.RawDataFile;

    public FitResult? Fit => Rabi.Fit;

    public FitEvidence? Evidence => Rabi.Evidence;

    public IReadOnlyDictionary<string, double> MethodFacts => Rabi.MethodFacts;

    /// <summary>The drift of <paramref name="rabi"/> against the pi amplitude its sweep recorded.</summary>
    public static PiAmplitudeDrift Of(RabiResult rabi)
    {
        ArgumentNullException.ThrowIfNull(rabi);
        var calibrated = rabi.Data.Settings.GetValueOrDefault("pi_amplitude");
        if (!(calibrated > 0) || !double.IsFinite(calibrated))
        {
            throw new MeasurementException($"{RabiAmplitude.ProtocolName} of {rabi.Qubit}: no calibrated pi amplitude in its settings to compare a_pi with");
        }

        return new PiAmplitudeDrift(rabi, calibrated);
    }
}
