using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.TwoQubit;

/// <summary>
/// Static ZZ of a coupled pair by Ramsey on its first qubit twice: with the partner left in |0&gt; and with it
/// put in |1&gt; by a pi pulse before the first pi/2 pulse. A |11&gt; energy shift zeta moves the fringe frequency
/// by zeta only in the second sweep, so |zeta| = |f(partner 1) - f(partner 0)|, each f from a weighted damped-cosine
/// fit, their standard errors combined in quadrature. Both sweeps' raw data are written before any fit.
/// </summary>
public static class StaticZz
{
    public const string ProtocolName = "static-zz";

    public static async Task<(DelaySweepData PartnerGround, DelaySweepData PartnerExcited)> AcquireAsync(
        PairLines pair,
        DelaySweepParameters parameters,
        double artificialDetuning,
        RawDataRecorder groundRecorder,
        RawDataRecorder excitedRecorder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!double.IsFinite(artificialDetuning))
        {
            throw new ArgumentOutOfRangeException(nameof(artificialDetuning), artificialDetuning, "the artificial detuning must be a finite frequency");
        }

        var (groundRow, excitedRow) = ShotsRow.SweepReferences;
        var (groundShots, excitedShots) = await BasisStatePreparation.AcquireAsync(pair.A, parameters.Shots, groundRecorder, groundRow, excitedRow, cancellationToken).ConfigureAwait(false);
        var discriminator = new StateDiscriminator(groundShots, excitedShots);
        discriminator.RequireSeparable(pair.A.Name);
        var partnerGround = await SweepAsync(pair, parameters, artificialDetuning, partnerExcited: false, discriminator, groundRecorder, excitedRecorder, cancellationToken).ConfigureAwait(false);
        var partnerExcited = await SweepAsync(pair, parameters, artificialDetuning, partnerExcited: true, discriminator, excitedRecorder, groundRecorder, cancellationToken).ConfigureAwait(false);
        return (partnerGround, partnerExcited);
    }

    public static StaticZzResult Fit(string pairName, DelaySweepData partnerGround, DelaySweepData partnerExcited)
    {
        ArgumentNullException.ThrowIfNull(partnerGround);
        ArgumentNullException.ThrowIfNull(partnerExcited);
        var (f0, _, _) = FringeFrequency(partnerGround);
        var (f1, fit1, points1) = FringeFrequency(partnerExcited);
        var zz = new Measurement(Math.Abs(f1.Value - f0.Value), Math.Sqrt(f0.StandardUncertainty * f0.StandardUncertainty + f1.StandardUncertainty * f1.StandardUncertainty), "Hz");
        double detuning = partnerExcited.Settings.GetValueOrDefault("artificial_detuning");
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Ramsey on {partnerGround.Qubit} (pi/2, wait t, pi/2 with a virtual-Z phase advancing at {detuning / 1e6:G4} MHz) with the partner left in |0> and then put in |1> by a pi pulse; "
            + $"{partnerExcited.Points.Count} delays each, {partnerExcited.Settings["shots"]} shots per point; fringe frequencies {f0.Value / 1e3:F3} and {f1.Value / 1e3:F3} kHz from weighted damped-cosine fits; ZZ = |difference|, uncertainties in quadrature.");
        return new StaticZzResult(pairName, zz, method, partnerExcited)
        {
            Evidence = FitEvidence.From(new DampedCosineModel(), fit1, points1.X, points1.Y, points1.Sigma, "delay", "s", "excited-state fraction"),
        };
    }

    /// <summary>
    /// Re-fits the ZZ from one of its two saved sweeps (<paramref name="path"/>, already read as
    /// <paramref name="half"/>) and the companion summary it names, whichever half it is.
    /// </summary>
    /// <exception cref="UserInputException">The companion is missing, unreadable, or not the other half of the same pair's measurement.</exception>
    public static StaticZzResult Refit(string path, DelaySweepData half)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(half);
        if (half.Companion is null || half.Pair is null)
        {
            throw new UserInputException(path, null, $"a {ProtocolName} summary needs 'pair' and 'companion' (the other partner state's summary) to be re-fitted");
        }

        var companionPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, half.Companion);
        if (!File.Exists(companionPath))
        {
            throw new UserInputException(path, null, $"its companion summary '{half.Companion}' (the other partner state) is not at {companionPath}");
        }

        if (RawDataFile.Read(companionPath) is not DelaySweepData other || other.Protocol != ProtocolName || other.Pair != half.Pair
            || PartnerExcited(other) == PartnerExcited(half))
        {
            throw new UserInputException(companionPath, null,
                $"expected the other half of the {ProtocolName} measurement of pair {half.Pair} in {Path.GetFileName(path)}: same protocol and pair, the partner in the other state");
        }

        var (ground, excited) = PartnerExcited(half) ? (other, half) : (half, other);
        return Fit(half.Pair, ground, excited);
    }

    private static bool PartnerExcited(DelaySweepData half) => half.Settings.GetValueOrDefault("partner_excited") == 1;

    private static (Measurement Frequency, FitResult Fit, (double[] X, double[] Y, double[] Sigma) Points) FringeFrequency(DelaySweepData data)
    {
        var points = DecayTime.Arrays(data);
        var fit = CurveFitter.Fit(new DampedCosineModel(), points.X, points.Y, points.Sigma);
        DecayTime.EnsureUsable(fit, "tau", data);
        var f = fit.Parameter("f");
        if (!double.IsFinite(f.StandardError) || !(f.StandardError > 0))
        {
            throw new MeasurementException($"{ProtocolName} of {data.Qubit}: the fringe frequency has no usable uncertainty ({fit.StopReason})");
        }

        // Known-sigma error, scaled up (never down) by the Birge ratio as for every coherence fit.
        var birge = double.IsFinite(fit.ReducedChiSquare) ? Math.Sqrt(Math.Max(1.0, fit.ReducedChiSquare)) : 1.0;
        return (new Measurement(Math.Abs(f.Value), f.StandardError * birge, "Hz"), fit, points);
    }

    private static async Task<DelaySweepData> SweepAsync(
        PairLines pair, DelaySweepParameters parameters, double artificialDetuning, bool partnerExcited, StateDiscriminator discriminator,
        RawDataRecorder recorder, RawDataRecorder companion, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var points = new List<DelayPoint>(parameters.Delays.Count);
        var settings = new Dictionary<string, double>
        {
            ["shots"] = parameters.Shots,
            ["artificial_detuning"] = artificialDetuning,
            ["partner_excited"] = partnerExcited ? 1 : 0,
            ["sample_rate"] = pair.A.Awg.SampleRate,
            ["pi_amplitude"] = pair.A.PiPulse.Amplitude,
            ["pi_duration"] = pair.A.PiPulse.Duration,
            ["partner_pi_amplitude"] = pair.B.PiPulse.Amplitude,
            ["flux_channel"] = pair.FluxChannel,
        };
        var instruments = new Dictionary<string, string>
        {
            [pair.A.Awg.Name] = pair.A.Awg.Identity.Raw,
            [pair.B.Awg.Name] = pair.B.Awg.Identity.Raw,
            [pair.A.Digitizer.Name] = pair.A.Digitizer.Identity.Raw,
        };

        DelaySweepData Snapshot(bool complete) => new()
        {
            Protocol = ProtocolName,
            Qubit = pair.A.Name,
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Complete = complete,
            Settings = settings,
            Instruments = instruments,
            Reference = BasisStatePreparation.Reference(discriminator, parameters.Shots),
            Points = points.ToArray(),
            ShotsFile = Path.GetFileName(recorder.ShotsPath),
            Pair = pair.Name,
            Companion = Path.GetRelativePath(Path.GetDirectoryName(recorder.SummaryPath)!, companion.SummaryPath),
        };

        async Task TakeAllAsync()
        {
            for (var index = 0; index < parameters.Delays.Count; index++)
            {
                // The partner's pi pulse (or an idle as long) comes first; the target's Ramsey starts after it.
                var partner = BasisStatePreparation.NewBuilder(pair.B);
                var target = BasisStatePreparation.NewBuilder(pair.A);
                double head = Math.Max(pair.A.PiPulse.Duration, pair.B.PiPulse.Duration);
                if (partnerExcited)
                {
                    partner.Rotate(Math.PI);
                }

                target.Wait(head);
                target.Rotate(Math.PI / 2);
                var played = target.Wait(parameters.Delays[index]);
                target.Rotate(Math.PI / 2, 2 * Math.PI * artificialDetuning * played);
                var (shots, _) = await PairShotAcquisition.AcquireAsync(pair, target.Build(), partner.Build(), parameters.Shots, cancellationToken).ConfigureAwait(false);
                await recorder.AppendShotsAsync(index, "delay", played, shots).ConfigureAwait(false);
                points.Add(new DelayPoint(played, discriminator.CountExcited(shots), shots.Count));
            }
        }

        return await recorder.RecordAsync(TakeAllAsync, Snapshot).ConfigureAwait(false);
    }
}

/// <summary>The static ZZ of a coupled pair (hertz), judged by clauses on metric <c>ZZ</c>.</summary>
public sealed record StaticZzResult(string Qubit, Measurement Value, string Method, DelaySweepData PartnerExcited) : IMeasuredMetric
{
    public string Metric => "ZZ";

    public string? RawDataFile { get; init; }

    /// <summary>Derived from two fits (one per partner state): no single fit carries the value.</summary>
    public FitResult? Fit => null;

    /// <summary>The partner-excited fringes and their fit.</summary>
    public FitEvidence? Evidence { get; init; }

    public IReadOnlyDictionary<string, double> MethodFacts => MethodFact.OfDelaySweep(PartnerExcited);
}
