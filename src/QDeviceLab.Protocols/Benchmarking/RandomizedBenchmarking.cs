using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.Pulses;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Single-qubit randomized benchmarking (Magesan, Gambetta, Emerson 2011), standard or
/// interleaved: for each length m, K random sequences of m Cliffords and a recovery Clifford,
/// each read out with single shots; survival of |0> decays as A p^m + B.
/// </summary>
/// <remarks>
/// On an AWG with a sequencer (<see cref="IAwgSequencer"/>) the Clifford library
/// (<see cref="CliffordWaveforms"/>: each Clifford in each reachable drive frame) is uploaded once per
/// run and every sequence, the readout references included, is a table of library entries; only the
/// step commands travel per sequence. An AWG without a sequencer, a sequence longer than the
/// sequencer's step limit, or <see cref="RbParameters.UseSequencer"/> = false plays each sequence as
/// one concatenated waveform instead (one upload per sequence); both play the same samples.
/// </remarks>
public static class RandomizedBenchmarking
{
    public const string ProtocolName = "randomized-benchmarking";

    public const string InterleavedProtocolName = "interleaved-randomized-benchmarking";

    /// <summary>Third column of the shots file: the played sequence's duration, seconds. Pass to <see cref="RawDataRecorder.Create(string, string, string)"/>.</summary>
    public const string ShotsColumn = "duration_s";

    /// <summary>
    /// The volts <see cref="AcquireAsync"/> plays for each of the 24 Cliffords (index = group element) on
    /// <paramref name="qubit"/> with the default X/Y decomposition, where every sequence stays in frame 0 and
    /// Cliffords play back to back: what an exact RB truth (the emulator's <c>RbTruthFor</c>) needs.
    /// </summary>
    public static (double[][] InPhase, double[][] Quadrature) CliffordVolts(QubitLines qubit)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        var cliffords = new CliffordWaveforms(qubit.Awg.SampleRate, qubit.PiPulse, CliffordDecomposition.XyPulses);
        var entries = Enumerable.Range(0, OneQubitCliffords.Count).Select(c => CliffordWaveforms.Entry(c, 0)).ToArray();
        return ([.. entries.Select(cliffords.InPhase)], [.. entries.Select(cliffords.Quadrature)]);
    }

    public static async Task<RbData> AcquireAsync(QubitLines qubit, RbParameters parameters, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recorder);
        var started = DateTimeOffset.UtcNow;
        var cliffords = new CliffordWaveforms(qubit.Awg.SampleRate, qubit.PiPulse, parameters.Decomposition);
        var generator = new RbSequenceGenerator(parameters.Seed);
        int? gate = parameters.InterleavedGate is { } g ? OneQubitCliffords.Of(g) : null;
        var longest = (parameters.Lengths[^1] * (gate is null ? 1 : 2)) + 1;
        var sequencer = parameters.UseSequencer && qubit.Awg is IAwgSequencer s && longest <= s.MaxSequenceSteps ? s : null;
        var sequences = new List<RbSequenceRecord>(parameters.Lengths.Count * parameters.SequencesPerLength * (gate is null ? 1 : 2));
        ReadoutReference? reference = null;
        var settings = new Dictionary<string, double>
        {
            ["shots"] = parameters.Shots,
            ["sequences_per_length"] = parameters.SequencesPerLength,
            ["lengths_count"] = parameters.Lengths.Count,
            ["max_length"] = parameters.Lengths[^1],
            ["bootstrap_resamples"] = parameters.BootstrapResamples,
            ["sample_rate"] = qubit.Awg.SampleRate,
            ["pi_amplitude"] = qubit.PiPulse.Amplitude,
            ["pi_duration"] = qubit.PiPulse.Duration,
            ["drag"] = qubit.PiPulse.Drag,
            ["pulse_slot"] = cliffords.PulseDuration,
            ["mean_pulses_per_clifford"] = cliffords.MeanPulsesPerClifford,
            ["virtual_z_decomposition"] = parameters.Decomposition == CliffordDecomposition.VirtualZ ? 1 : 0,
            ["mean_clifford_duration"] = cliffords.MeanCliffordDuration,
            ["awg_i_channel"] = qubit.InPhaseChannel,
            ["awg_q_channel"] = qubit.QuadratureChannel,
            ["digitizer_channel"] = qubit.ReadoutChannel,
            ["sequencer"] = sequencer is null ? 0 : 1,
        };
        var instruments = new Dictionary<string, string>
        {
            [qubit.Awg.Name] = qubit.Awg.Identity.Raw,
            [qubit.Digitizer.Name] = qubit.Digitizer.Identity.Raw,
        };

        RbData Snapshot(bool complete) => new()
        {
            Protocol = gate is null ? ProtocolName : InterleavedProtocolName,
            Qubit = qubit.Name,
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Complete = complete,
            Seed = parameters.Seed,
            InterleavedGate = parameters.InterleavedGate?.ToString(),
            Settings = settings,
            Instruments = instruments,
            Reference = reference,
            Sequences = sequences.ToArray(),
            ShotsFile = Path.GetFileName(recorder.ShotsPath),
        };

        async Task TakeAllAsync()
        {
            var player = sequencer is null
                ? null
                : await SequencedShotAcquisition.LoadAsync(qubit, sequencer, cliffords.Reachable, cliffords.InPhase, cliffords.Quadrature, CliffordWaveforms.Entries, cancellationToken).ConfigureAwait(false);
            var play = new Player(qubit, cliffords, player);
            var discriminator = await ReferencesAsync(play, parameters.Shots, recorder, cancellationToken).ConfigureAwait(false);
            discriminator.RequireSeparable(qubit.Name);
            reference = new ReadoutReference(discriminator.GroundI, discriminator.GroundQ, discriminator.ExcitedI, discriminator.ExcitedQ, discriminator.AssignmentFidelity, parameters.Shots);
            var shotsWriter = new ShotsWriter(recorder);
            try
            {
                foreach (var length in parameters.Lengths)
                {
                    for (var k = 0; k < parameters.SequencesPerLength; k++)
                    {
                        // Reference and interleaved sequences alternate so slow drifts hit both alike.
                        sequences.Add(await PlayAsync(play, generator.Next(length), sequences.Count, parameters.Shots, discriminator, shotsWriter, cancellationToken).ConfigureAwait(false));
                        if (gate is { } interleaved)
                        {
                            sequences.Add(await PlayAsync(play, generator.Next(length, interleaved), sequences.Count, parameters.Shots, discriminator, shotsWriter, cancellationToken).ConfigureAwait(false));
                        }
                    }
                }
            }
            finally
            {
                // The shots taken so far reach the disk before the summary says what was taken; a
                // failed write replaces any failure of the acquisition (raw data lost is the worse one).
                await shotsWriter.DrainAsync().ConfigureAwait(false);
            }
        }

        return await recorder.RecordAsync(TakeAllAsync, Snapshot).ConfigureAwait(false);
    }

    /// <summary>Fits standard RB (the reference sequences of an interleaved run) and bootstraps its error.</summary>
    public static RbResult Fit(RbData data, int? bootstrapResamples = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var outcomes = Outcomes(data, interleaved: false);
        var fit = FitOrThrow(outcomes, data, "reference");
        var resamples = bootstrapResamples ?? (int)data.Settings.GetValueOrDefault("bootstrap_resamples", RbBootstrap.DefaultResamples);
        var bootstrap = RbBootstrap.Interval(outcomes, data.Seed, resamples);
        var r = fit.AverageGateInfidelity;
        var u = Math.Max(r.StandardUncertainty, (bootstrap.High - bootstrap.Low) / (2 * Measurement.CoverageFactor95));
        var points = fit.Points;
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Single-qubit randomized benchmarking: {points.Count} lengths from {points[0].Length} to {points[^1].Length} Cliffords, {points[0].Sequences} random sequences each (seed {data.Seed}), {data.Settings["shots"]} shots per sequence; "
            + $"{data.Settings.GetValueOrDefault("mean_pulses_per_clifford", OneQubitCliffords.MeanPulsesPerClifford):G4} pulses per Clifford on average{(data.Settings.GetValueOrDefault("virtual_z_decomposition") == 1 ? " (X90/Y90 with virtual Z)" : "")}; weighted least-squares fit of {fit.Fit.Formula} to the mean survival per length (weights: shot noise at the fitted survival plus a between-sequence spread c(1-p^m) pooled over lengths); "
            + $"error per Clifford r = (d-1)(1-p)/d (average gate infidelity; entanglement infidelity {fit.EntanglementInfidelity.Value:G3}); "
            + $"{bootstrap.Level:P0} bootstrap interval [{bootstrap.Low:G3}, {bootstrap.High:G3}] from {bootstrap.Resamples} resamples of sequences and shots.");
        return new RbResult
        {
            Qubit = data.Qubit,
            Decay = fit,
            ErrorPerClifford = new Measurement(r.Value, u, "1"),
            Bootstrap = bootstrap,
            MeanCliffordDuration = data.Settings.GetValueOrDefault("mean_clifford_duration", double.NaN),
            Method = method,
            Evidence = RbAnalysis.Evidence(fit, outcomes),
            Data = data,
        };
    }

    /// <summary>Fits both decays of an interleaved run and derives the interleaved gate's error.</summary>
    public static InterleavedRbResult FitInterleaved(RbData data, int? bootstrapResamples = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var gate = data.InterleavedGate ?? throw new MeasurementException($"{data.Protocol} of {data.Qubit} has no interleaved gate: it is standard RB");
        var reference = Fit(data, bootstrapResamples);
        var interleavedOutcomes = Outcomes(data, interleaved: true);
        var interleaved = FitOrThrow(interleavedOutcomes, data, "interleaved");
        var (p, pc) = (reference.Decay.P, interleaved.P);
        // The two sets of sequences are independent draws, so their uncertainties add in quadrature.
        var slopeP = pc.Value / (2 * p.Value * p.Value);
        var slopePc = -1 / (2 * p.Value);
        var statistical = new Measurement(
            RbConventions.InterleavedGateError(p.Value, pc.Value),
            Math.Sqrt(Math.Pow(slopeP * p.StandardUncertainty, 2) + Math.Pow(slopePc * pc.StandardUncertainty, 2)),
            "1");
        var bound = RbConventions.InterleavedSystematicBound(p.Value, pc.Value);
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Interleaved randomized benchmarking of {gate}: reference and interleaved sequences alternated, {interleaved.Points.Count} lengths up to {interleaved.Points[^1].Length} Cliffords, {interleaved.Points[0].Sequences} sequences each (seed {data.Seed}); "
            + $"p = {p.Value:G6}, p_C = {pc.Value:G6}; r_C = (d-1)(1 - p_C/p)/d (average gate infidelity) = {statistical.Value:G3} +- {statistical.StandardUncertainty:G2} (stat.), systematic bound E = {bound:G3} (Magesan 2012) included as a rectangular uncertainty.");
        return new InterleavedRbResult
        {
            Gate = gate,
            Reference = reference,
            InterleavedFit = interleaved,
            StatisticalGateError = statistical,
            SystematicBound = bound,
            Method = method,
            Evidence = RbAnalysis.Evidence(interleaved, interleavedOutcomes),
        };
    }

    /// <summary>One RB outcome per sequence of the requested kind.</summary>
    public static IReadOnlyList<RbOutcome> Outcomes(RbData data, bool interleaved)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Sequences.Where(s => s.Interleaved == interleaved).Select(s => new RbOutcome(s.Length, s.Survived, s.Shots)).ToArray();
    }

    private static RbFit FitOrThrow(IReadOnlyList<RbOutcome> outcomes, RbData data, string which)
    {
        var lengths = outcomes.Select(o => o.Length).Distinct().Count();
        if (lengths < 4)
        {
            throw new MeasurementException($"{data.Protocol} of {data.Qubit}: only {lengths} lengths of {which} sequences were measured; an RB fit needs at least 4");
        }

        var fit = RbAnalysis.Fit(outcomes);
        if (!fit.Fit.Converged || !double.IsFinite(fit.P.Value) || !double.IsFinite(fit.P.StandardUncertainty) || fit.P.Value <= 0)
        {
            throw new MeasurementException(
                $"{data.Protocol} fit of {data.Qubit} ({which}) did not give a usable p (stopped: {fit.Fit.StopReason}, p = {fit.P.Value:G6} ± {fit.P.StandardUncertainty:G3})");
        }

        return fit;
    }

    private static async Task<StateDiscriminator> ReferencesAsync(Player play, int shots, RawDataRecorder recorder, CancellationToken cancellationToken)
    {
        // |0>: the identity Clifford (an idle of one pulse slot); |1>: X180, one pi pulse.
        var groundShots = await play.AcquireAsync([OneQubitCliffords.Identity], shots, cancellationToken).ConfigureAwait(false);
        await recorder.AppendShotsAsync(-2, "reference_0", 0, groundShots).ConfigureAwait(false);
        var excitedShots = await play.AcquireAsync([OneQubitCliffords.Of(CliffordPulse.X180)], shots, cancellationToken).ConfigureAwait(false);
        await recorder.AppendShotsAsync(-1, "reference_1", 0, excitedShots).ConfigureAwait(false);
        return new StateDiscriminator(groundShots, excitedShots);
    }

    private static async Task<RbSequenceRecord> PlayAsync(
        Player play, RbSequence sequence, int point, int shots,
        StateDiscriminator discriminator, ShotsWriter writer, CancellationToken cancellationToken)
    {
        var cliffords = sequence.Played().ToArray();
        var taken = await play.AcquireAsync(cliffords, shots, cancellationToken).ConfigureAwait(false);
        var duration = play.Duration(cliffords);
        var label = sequence.Interleaved is null ? "rb" : "irb";
        await writer.QueueAsync(point, label, duration, taken).ConfigureAwait(false);
        var survived = taken.Count - discriminator.CountExcited(taken);
        return new RbSequenceRecord(point, sequence.Length, sequence.Interleaved is not null, sequence.Random, sequence.Recovery, survived, taken.Count, duration);
    }

    /// <summary>
    /// Writes each sequence's shots (formatting some thousand numbers) on a worker thread while the next
    /// sequence plays: one write at a time and in order, each started once the one before it has finished,
    /// whose failure surfaces at the next <see cref="QueueAsync"/> or at <see cref="DrainAsync"/>.
    /// </summary>
    private sealed class ShotsWriter(RawDataRecorder recorder)
    {
        private Task _pending = Task.CompletedTask;

        public async Task QueueAsync(int point, string label, double duration, IqShots shots)
        {
            await _pending.ConfigureAwait(false);
            _pending = Task.Run(() => recorder.AppendShotsAsync(point, label, duration, shots));
        }

        /// <summary>Waits until every queued write is on disk.</summary>
        public Task DrainAsync() => _pending;
    }

    /// <summary>Plays Clifford lists through the sequencer when there is one, else as one waveform each.</summary>
    private sealed class Player(QubitLines qubit, CliffordWaveforms library, SequencedShotAcquisition? sequencer)
    {
        public Task<IqShots> AcquireAsync(int[] cliffords, int shots, CancellationToken cancellationToken) => sequencer is null
            ? ShotAcquisition.AcquireAsync(qubit, library.Compile(cliffords), shots, cancellationToken)
            : sequencer.AcquireAsync([.. library.EntriesOf(cliffords).Where(e => library.EntrySamples(e) > 0)], shots, cancellationToken);

        public double Duration(int[] cliffords)
        {
            long samples = 0;
            foreach (var entry in library.EntriesOf(cliffords))
            {
                samples += library.EntrySamples(entry);
            }

            return samples / library.SampleRate;
        }
    }
}
