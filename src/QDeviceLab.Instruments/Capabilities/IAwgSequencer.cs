namespace QDeviceLab.Instruments.Capabilities;

/// <summary>
/// An AWG with a sequencer: named sequences whose steps play uploaded waveforms (one per track)
/// a number of times and then go on to the next step, a chosen step or the end. A channel plays
/// one track of a sequence; a protocol uploads a small waveform library once and describes each
/// experiment as a sequence table instead of uploading it sample by sample.
/// </summary>
public interface IAwgSequencer : IAwg
{
    /// <summary>Most steps a sequence may have.</summary>
    int MaxSequenceSteps { get; }

    /// <summary>
    /// Defines a new sequence of <paramref name="steps"/> over <paramref name="tracks"/> tracks; the name
    /// must not be in use (see <see cref="DeleteAllSequencesAsync"/>) and every waveform must be uploaded.
    /// </summary>
    Task DefineSequenceAsync(string name, IReadOnlyList<AwgSequenceStep> steps, int tracks = 1, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="channel"/> (1-based) play track <paramref name="track"/> (1-based) of the named sequence.</summary>
    Task AssignSequenceAsync(int channel, string name, int track = 1, CancellationToken cancellationToken = default);

    /// <summary>Deletes every sequence (waveforms stay).</summary>
    Task DeleteAllSequencesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces every sequence with <paramref name="name"/> (its <paramref name="steps"/> over
    /// <paramref name="channelPerTrack"/>.Count tracks) and makes channel <paramref name="channelPerTrack"/>[t-1]
    /// play track t: <see cref="DeleteAllSequencesAsync"/>, <see cref="DefineSequenceAsync"/> and
    /// <see cref="AssignSequenceAsync"/> in turn, as this default does. A driver may send them together
    /// and check the instrument's errors once, since an experiment per sequence pays each round trip.
    /// </summary>
    async Task LoadSequenceAsync(string name, IReadOnlyList<AwgSequenceStep> steps, IReadOnlyList<int> channelPerTrack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channelPerTrack);
        await DeleteAllSequencesAsync(cancellationToken).ConfigureAwait(false);
        await DefineSequenceAsync(name, steps, channelPerTrack.Count, cancellationToken).ConfigureAwait(false);
        for (var track = 1; track <= channelPerTrack.Count; track++)
        {
            await AssignSequenceAsync(channelPerTrack[track - 1], name, track, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// One step of a sequence: the waveform each track plays (in track order), how many times in a
/// row, and where to go afterwards (<see cref="GoToStep"/>, 1-based; the next step when null;
/// <see cref="EndsSequence"/> stops there). <see cref="WaitForTrigger"/> makes the step wait for trigger A.
/// </summary>
public sealed record AwgSequenceStep(IReadOnlyList<string> TrackWaveforms)
{
    /// <summary>Plays of the step in a row, 1 or more.</summary>
    public int Repeats { get; init; } = 1;

    public int? GoToStep { get; init; }

    public bool EndsSequence { get; init; }

    public bool WaitForTrigger { get; init; }

    /// <summary>A one-track step.</summary>
    public static AwgSequenceStep Play(string waveform, int repeats = 1) => new([waveform]) { Repeats = repeats };
}
