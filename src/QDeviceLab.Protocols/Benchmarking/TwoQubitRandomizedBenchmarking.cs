using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Standard two-qubit randomized benchmarking of a coupled pair (Magesan, Gambetta, Emerson 2011;
/// d = 4): for each length m, K random sequences of m two-qubit Cliffords and the recovery Clifford,
/// each compiled into both qubits' drives and the flux line (<see cref="TwoQubitSequenceCompiler"/>)
/// and read out with joint single shots; the survival P(00) decays as A p^m + B.
/// </summary>
/// <remarks>
/// Parameters are the one-qubit <see cref="RbParameters"/> (no interleaved gate; the sequencer option
/// does not apply: every sequence is one waveform per line, uploaded per sequence). Each qubit's shots
/// are assigned with its own <see cref="StateDiscriminator"/>, built, as in the one-qubit protocols,
/// from reference shots taken in the same run (both qubits idle; both given a pi pulse). The fit is the
/// one-qubit convention at d = 4: A, p and B all free (B near 1/4 but not fixed, so readout errors and
/// leakage-free asymmetries land in B instead of biasing p), each length's mean weighted by its standard
/// error from <see cref="RbAnalysis"/>'s variance model (shot noise plus a pooled spread between sequences).
/// </remarks>
public static class TwoQubitRandomizedBenchmarking
{
    public const string ProtocolName = "two-qubit-randomized-benchmarking";

    /// <summary>Hilbert-space dimension of a pair.</summary>
    public const int Dimension = 4;

    public static async Task<TwoQubitRbData> AcquireAsync(PairLines pair, RbParameters parameters, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recorder);
        if (parameters.InterleavedGate is { } gate)
        {
            throw new ArgumentException($"two-qubit RB is standard RB only; interleaving {gate} is a one-qubit protocol", nameof(parameters));
        }

        var started = DateTimeOffset.UtcNow;
        var compiler = new TwoQubitSequenceCompiler(pair);
        var generator = new TwoQubitRbSequenceGenerator(parameters.Seed);
        var sequences = new List<TwoQubitRbSequenceRecord>(parameters.Lengths.Count * parameters.SequencesPerLength);
        ReadoutReference? referenceA = null, referenceB = null;
        var settings = new Dictionary<string, double>
        {
            ["shots"] = parameters.Shots,
            ["sequences_per_length"] = parameters.SequencesPerLength,
            ["lengths_count"] = parameters.Lengths.Count,
            ["max_length"] = parameters.Lengths[^1],
            ["bootstrap_resamples"] = parameters.BootstrapResamples,
            ["sample_rate"] = compiler.SampleRate,
            ["pulse_slot"] = compiler.SlotDuration,
            ["pi_amplitude_a"] = pair.A.PiPulse.Amplitude,
            ["pi_amplitude_b"] = pair.B.PiPulse.Amplitude,
            ["pi_duration"] = pair.A.PiPulse.Duration,
            ["drag_a"] = pair.A.PiPulse.Drag,
            ["drag_b"] = pair.B.PiPulse.Drag,
            ["cz_amplitude"] = pair.CzPulse.Amplitude,
            ["cz_duration"] = compiler.ControlledZDuration,
            ["cz_phase_correction_a"] = pair.CzPulse.PhaseCorrectionA,
            ["cz_phase_correction_b"] = pair.CzPulse.PhaseCorrectionB,
            ["flux_channel"] = pair.FluxChannel,
            ["digitizer_channel_a"] = pair.A.ReadoutChannel,
            ["digitizer_channel_b"] = pair.B.ReadoutChannel,
            ["mean_cz_per_clifford_group"] = TwoQubitCliffords.MeanControlledZPerClifford,
        };
        var instruments = new Dictionary<string, string>();
        foreach (var instrument in new IInstrument[] { pair.A.Awg, pair.B.Awg, pair.FluxAwg, pair.A.Digitizer })
        {
            instruments[instrument.Name] = instrument.Identity.Raw;
        }

        TwoQubitRbData Snapshot(bool complete) => new()
        {
            Protocol = ProtocolName,
            Qubit = pair.Name,
            QubitA = pair.A.Name,
            QubitB = pair.B.Name,
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Complete = complete,
            Seed = parameters.Seed,
            Settings = settings,
            Instruments = instruments,
            ReferenceA = referenceA,
            ReferenceB = referenceB,
            Sequences = sequences.ToArray(),
            ShotsFile = Path.GetFileName(recorder.ShotsPath),
        };

        async Task TakeAllAsync()
        {
            var (ground, excited) = (compiler.Reference(excited: false), compiler.Reference(excited: true));
            var groundShots = await PairShotAcquisition.AcquireAsync(pair, ground, parameters.Shots, cancellationToken).ConfigureAwait(false);
            await RecordAsync(recorder, pair, -2, "reference_00", 0, groundShots).ConfigureAwait(false);
            var excitedShots = await PairShotAcquisition.AcquireAsync(pair, excited, parameters.Shots, cancellationToken).ConfigureAwait(false);
            await RecordAsync(recorder, pair, -1, "reference_11", 0, excitedShots).ConfigureAwait(false);
            var discriminatorA = new StateDiscriminator(groundShots.A, excitedShots.A);
            var discriminatorB = new StateDiscriminator(groundShots.B, excitedShots.B);
            discriminatorA.RequireSeparable(pair.A.Name);
            discriminatorB.RequireSeparable(pair.B.Name);
            referenceA = Reference(discriminatorA, parameters.Shots);
            referenceB = Reference(discriminatorB, parameters.Shots);
            foreach (var length in parameters.Lengths)
            {
                for (var k = 0; k < parameters.SequencesPerLength; k++)
                {
                    var sequence = generator.Next(length);
                    var timeline = TwoQubitGateTimeline.Of(sequence);
                    var waveforms = compiler.Compile(timeline);
                    var taken = await PairShotAcquisition.AcquireAsync(pair, waveforms, parameters.Shots, cancellationToken).ConfigureAwait(false);
                    var duration = timeline.Duration(compiler.SlotDuration, compiler.ControlledZDuration);
                    await RecordAsync(recorder, pair, sequences.Count, "rb2", duration, taken).ConfigureAwait(false);
                    sequences.Add(new TwoQubitRbSequenceRecord(
                        sequences.Count, length, sequence.Random, sequence.Recovery,
                        JointOutcomes(taken, discriminatorA, discriminatorB), taken.A.Count, timeline.ControlledZCount, duration));
                }
            }
        }

        return await recorder.RecordAsync(TakeAllAsync, Snapshot).ConfigureAwait(false);
    }

    /// <summary>Fits the P(00) decay at d = 4 and bootstraps its error (seeded by the run's seed).</summary>
    public static TwoQubitRbResult Fit(TwoQubitRbData data, int? bootstrapResamples = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var outcomes = Outcomes(data);
        var lengths = outcomes.Select(o => o.Length).Distinct().Count();
        if (lengths < 4)
        {
            throw new MeasurementException($"{data.Protocol} of {data.Qubit}: only {lengths} lengths were measured; an RB fit needs at least 4");
        }

        var fit = RbAnalysis.Fit(outcomes, Dimension);
        if (!fit.Fit.Converged || !double.IsFinite(fit.P.Value) || !double.IsFinite(fit.P.StandardUncertainty) || fit.P.Value <= 0)
        {
            throw new MeasurementException(
                $"{data.Protocol} fit of {data.Qubit} did not give a usable p (stopped: {fit.Fit.StopReason}, p = {fit.P.Value:G6} ± {fit.P.StandardUncertainty:G3})");
        }

        var resamples = bootstrapResamples ?? (int)data.Settings.GetValueOrDefault("bootstrap_resamples", RbBootstrap.DefaultResamples);
        var bootstrap = RbBootstrap.Interval(outcomes, data.Seed, resamples, dimension: Dimension);
        var r = fit.AverageGateInfidelity;
        var u = Math.Max(r.StandardUncertainty, (bootstrap.High - bootstrap.Low) / (2 * Measurement.CoverageFactor95));
        var played = data.Sequences.Sum(s => s.Length + 1);
        var czPerClifford = played == 0 ? double.NaN : data.Sequences.Sum(s => (double)s.ControlledZs) / played;
        var cliffordDuration = DurationSlope(data.Sequences);
        var points = fit.Points;
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Two-qubit randomized benchmarking of pair {data.Qubit} ({data.QubitA}, {data.QubitB}): {points.Count} lengths from {points[0].Length} to {points[^1].Length} Cliffords of the 11,520-element group, {points[0].Sequences} random sequences each (seed {data.Seed}), {data.Settings["shots"]} joint shots per sequence; "
            + $"fewest-CZ decompositions into X90/Y90/virtual Z/CZ, {czPerClifford:G3} CZ and {cliffordDuration * 1e9:G4} ns per Clifford as played; survival P(00); weighted least-squares fit of {fit.Fit.Formula} (A, p, B free) to the mean survival per length (weights: shot noise at the fitted survival plus a between-sequence spread c(1-p^m) pooled over lengths); "
            + $"error per Clifford r = (d-1)(1-p)/d with d = 4 (average gate infidelity; entanglement infidelity {fit.EntanglementInfidelity.Value:G3}); "
            + $"{bootstrap.Level:P0} bootstrap interval [{bootstrap.Low:G3}, {bootstrap.High:G3}] from {bootstrap.Resamples} resamples of sequences and shots; error per CZ at most r / {czPerClifford:G3} = {r.Value / czPerClifford:G3} (all error charged to the CZs).");
        return new TwoQubitRbResult
        {
            Qubit = data.Qubit,
            Decay = fit,
            ErrorPerClifford = new Measurement(r.Value, u, "1"),
            MeanControlledZPerClifford = czPerClifford,
            Bootstrap = bootstrap,
            MeanCliffordDuration = cliffordDuration,
            Method = method,
            Evidence = RbAnalysis.Evidence(fit, outcomes) with { YLabel = "survival probability of |00>" },
            Data = data,
        };
    }

    /// <summary>One RB outcome per sequence: its length and how many shots read 00.</summary>
    public static IReadOnlyList<RbOutcome> Outcomes(TwoQubitRbData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Sequences.Select(s => new RbOutcome(s.Length, s.Survived, s.Shots)).ToArray();
    }

    /// <summary>Shots read as 00, 01, 10, 11 (A's bit first), each qubit by its own discriminator.</summary>
    internal static int[] JointOutcomes((IqShots A, IqShots B) shots, StateDiscriminator a, StateDiscriminator b)
    {
        var counts = new int[4];
        for (var k = 0; k < shots.A.Count; k++)
        {
            var bitA = a.IsExcited(shots.A.InPhase[k], shots.A.Quadrature[k]) ? 1 : 0;
            var bitB = b.IsExcited(shots.B.InPhase[k], shots.B.Quadrature[k]) ? 1 : 0;
            counts[(2 * bitA) + bitB]++;
        }

        return counts;
    }

    /// <summary>Least-squares slope of sequence duration over length (the recovery and alignment idles make the intercept).</summary>
    private static double DurationSlope(IReadOnlyList<TwoQubitRbSequenceRecord> sequences)
    {
        if (sequences.Select(s => s.Length).Distinct().Count() < 2)
        {
            return double.NaN;
        }

        var meanM = sequences.Average(s => (double)s.Length);
        var meanT = sequences.Average(s => s.Duration);
        var covariance = sequences.Sum(s => (s.Length - meanM) * (s.Duration - meanT));
        var variance = sequences.Sum(s => (s.Length - meanM) * (s.Length - meanM));
        return covariance / variance;
    }

    private static ReadoutReference Reference(StateDiscriminator d, int shots) =>
        new(d.GroundI, d.GroundQ, d.ExcitedI, d.ExcitedQ, d.AssignmentFidelity, shots);

    private static async Task RecordAsync(RawDataRecorder recorder, PairLines pair, int point, string label, double duration, (IqShots A, IqShots B) shots)
    {
        await recorder.AppendShotsAsync(point, $"{label}:{pair.A.Name}", duration, shots.A).ConfigureAwait(false);
        await recorder.AppendShotsAsync(point, $"{label}:{pair.B.Name}", duration, shots.B).ConfigureAwait(false);
    }
}
