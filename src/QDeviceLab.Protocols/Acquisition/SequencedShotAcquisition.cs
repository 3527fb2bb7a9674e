using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Protocols.Acquisition;

/// <summary>
/// Plays experiments through the AWG's sequencer: a waveform library (I and Q samples per entry) is
/// uploaded once, then each experiment is a two-track sequence table (track 1 the I channel, track 2
/// the Q channel) listing library entries, with runs of the same entry folded into one step's repeat
/// count. Each run of the AWG is one pass of the table per shot and triggers the readout exactly as a
/// plain waveform does (<see cref="ShotAcquisition"/>): arm, run, wait, fetch, stop.
/// </summary>
/// <remarks>
/// Per experiment only the step commands travel (some 120 characters per step), instead of every
/// sample of the concatenated waveform (8 bytes per sample for I and Q): for one-qubit RB at 1 GS/s
/// a Clifford of 75 samples costs 600 bytes as samples and about 120 as a step.
/// </remarks>
internal sealed class SequencedShotAcquisition
{
    private readonly QubitLines _qubit;
    private readonly IAwgSequencer _awg;
    private readonly string[] _inPhaseNames;
    private readonly string[] _quadratureNames;
    private readonly string _sequenceName;
    private readonly string _idleName;

    private SequencedShotAcquisition(QubitLines qubit, IAwgSequencer awg, int entries)
    {
        _qubit = qubit;
        _awg = awg;
        _inPhaseNames = new string[entries];
        _quadratureNames = new string[entries];
        _sequenceName = $"qdl_{qubit.Name}_seq";
        _idleName = $"qdl_{qubit.Name}_idle";
    }

    /// <summary>Most steps one experiment may take on this AWG.</summary>
    public int MaxSteps => _awg.MaxSequenceSteps;

    /// <summary>
    /// Clears the AWG's sequences and waveforms and uploads the library entries listed in
    /// <paramref name="upload"/> (indices into <paramref name="inPhase"/> and <paramref name="quadrature"/>).
    /// </summary>
    public static async Task<SequencedShotAcquisition> LoadAsync(
        QubitLines qubit, IAwgSequencer awg, IReadOnlyList<int> upload, Func<int, double[]> inPhase, Func<int, double[]> quadrature, int entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(awg);
        ArgumentNullException.ThrowIfNull(upload);
        var player = new SequencedShotAcquisition(qubit, awg, entries);
        await awg.StopAsync(cancellationToken).ConfigureAwait(false);
        await awg.DeleteAllSequencesAsync(cancellationToken).ConfigureAwait(false);
        await awg.DeleteAllWaveformsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in upload)
        {
            var i = $"qdl_{qubit.Name}_w{entry}_i";
            var q = $"qdl_{qubit.Name}_w{entry}_q";
            await awg.UploadWaveformAsync(i, inPhase(entry), cancellationToken).ConfigureAwait(false);
            await awg.UploadWaveformAsync(q, quadrature(entry), cancellationToken).ConfigureAwait(false);
            player._inPhaseNames[entry] = i;
            player._quadratureNames[entry] = q;
        }

        // One idle sample for an experiment with no pulse at all (only virtual Zs): a step needs a waveform.
        double[] idle = [0.0];
        await awg.UploadWaveformAsync(player._idleName, idle, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(qubit.InPhaseChannel, true, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(qubit.QuadratureChannel, true, cancellationToken).ConfigureAwait(false);
        return player;
    }

    /// <summary>The sequence table that plays <paramref name="entries"/> in order, repeats folded; no entries play one idle sample.</summary>
    public IReadOnlyList<AwgSequenceStep> Steps(IReadOnlyList<int> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [new AwgSequenceStep([_idleName, _idleName])];
        }

        var steps = new List<AwgSequenceStep>();
        var k = 0;
        while (k < entries.Count)
        {
            var entry = entries[k];
            var run = 1;
            while (k + run < entries.Count && entries[k + run] == entry)
            {
                run++;
            }

            var i = _inPhaseNames[entry] ?? throw new ArgumentException($"library entry {entry} was not uploaded", nameof(entries));
            steps.Add(new AwgSequenceStep([i, _quadratureNames[entry]]) { Repeats = run });
            k += run;
        }

        return steps;
    }

    /// <summary>Plays <paramref name="entries"/> as one sequence, <paramref name="shots"/> times, and returns every shot's IQ point.</summary>
    public async Task<IqShots> AcquireAsync(IReadOnlyList<int> entries, int shots, CancellationToken cancellationToken)
    {
        await LoadSequenceAsync(Steps(entries), cancellationToken).ConfigureAwait(false);
        return await ShotAcquisition.RunAndFetchAsync(_qubit, shots, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the AWG's sequence with <paramref name="steps"/> and assigns its tracks to the qubit's I and Q channels.</summary>
    public async Task LoadSequenceAsync(IReadOnlyList<AwgSequenceStep> steps, CancellationToken cancellationToken)
    {
        if (steps.Count == 0 || steps.Count > MaxSteps)
        {
            throw new ArgumentException($"an experiment of {steps.Count} steps does not fit {_awg.Name}'s sequencer (1-{MaxSteps} steps)", nameof(steps));
        }

        await _awg.StopAsync(cancellationToken).ConfigureAwait(false);
        await _awg.LoadSequenceAsync(_sequenceName, steps, [_qubit.InPhaseChannel, _qubit.QuadratureChannel], cancellationToken).ConfigureAwait(false);
    }
}
