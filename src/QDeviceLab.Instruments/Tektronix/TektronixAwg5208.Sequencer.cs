using System.Globalization;
using System.Text;
using QDeviceLab.Instruments.Capabilities;

namespace QDeviceLab.Instruments.Tektronix;

/// <summary>The AWG5200 sequence list (SLISt), as <see cref="IAwgSequencer"/>.</summary>
public sealed partial class TektronixAwg5208
{
    /// <summary>The manual's limits: 16,383 steps, 8 tracks, repeat counts up to 1,048,576.</summary>
    private const int MaxTracks = 8;
    private const int MaxRepeats = 1_048_576;

    // Step commands go out joined into program messages of at most this many characters, so a
    // long table costs a few writes rather than one per command (the instrument accepts 64 KiB).
    private const int MaxMessageCharacters = 16_000;

    public int MaxSequenceSteps => 16_383;

    public async Task DefineSequenceAsync(string name, IReadOnlyList<AwgSequenceStep> steps, int tracks = 1, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count < 1 || steps.Count > MaxSequenceSteps)
        {
            throw new ArgumentException($"sequence '{name}' has {steps.Count} steps; {Name} takes 1-{MaxSequenceSteps}", nameof(steps));
        }

        if (tracks < 1 || tracks > MaxTracks)
        {
            throw new ArgumentOutOfRangeException(nameof(tracks), tracks, $"{Name} sequences have 1-{MaxTracks} tracks");
        }

        var commands = new List<string> { Invariant($"SLISt:SEQuence:NEW \"{name}\",{steps.Count},{tracks}") };
        for (int n = 1; n <= steps.Count; n++)
        {
            commands.AddRange(StepCommands(name, n, steps[n - 1], steps.Count, tracks));
        }

        var message = new StringBuilder();
        foreach (var command in commands)
        {
            if (message.Length > 0 && message.Length + command.Length + 2 > MaxMessageCharacters)
            {
                await WriteAsync(message.ToString(), cancellationToken).ConfigureAwait(false);
                message.Clear();
            }

            // ";:" restarts at the root, so each command keeps its full header.
            message.Append(message.Length == 0 ? string.Empty : ";:").Append(command);
        }

        await WriteAsync(message.ToString(), cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync($"SLISt:SEQuence:NEW \"{name}\" and its {steps.Count} steps", cancellationToken).ConfigureAwait(false);
    }

    public async Task AssignSequenceAsync(int channel, string name, int track = 1, CancellationToken cancellationToken = default)
    {
        ValidateChannel(channel);
        ValidateName(name);
        if (track < 1 || track > MaxTracks)
        {
            throw new ArgumentOutOfRangeException(nameof(track), track, $"{Name} sequences have tracks 1-{MaxTracks}");
        }

        var command = Invariant($"SOURce{channel}:CASSet:SEQuence \"{name}\",{track}");
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAllSequencesAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync("SLISt:SEQuence:DELete ALL", cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync("SLISt:SEQuence:DELete ALL", cancellationToken).ConfigureAwait(false);
    }

    private IEnumerable<string> StepCommands(string sequence, int n, AwgSequenceStep step, int steps, int tracks)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.TrackWaveforms.Count != tracks)
        {
            throw new ArgumentException($"step {n} of sequence '{sequence}' names {step.TrackWaveforms.Count} waveforms for {tracks} tracks");
        }

        if (step.Repeats < 1 || step.Repeats > MaxRepeats)
        {
            throw new ArgumentException($"step {n} of sequence '{sequence}' repeats {step.Repeats} times; {Name} takes 1-{MaxRepeats}");
        }

        if (step.GoToStep is { } target && (target < 1 || target > steps || step.EndsSequence))
        {
            throw new ArgumentException($"step {n} of sequence '{sequence}' goes to step {target}: not one of 1-{steps}, or also ends the sequence");
        }

        string prefix = Invariant($"SLISt:SEQuence:STEP{n}");
        for (int t = 1; t <= tracks; t++)
        {
            string waveform = step.TrackWaveforms[t - 1];
            ValidateName(waveform);
            yield return Invariant($"{prefix}:TASSet{t}:WAVeform \"{sequence}\",\"{waveform}\"");
        }

        if (step.Repeats != 1)
        {
            yield return Invariant($"{prefix}:RCOunt \"{sequence}\",{step.Repeats}");
        }

        if (step.WaitForTrigger)
        {
            yield return Invariant($"{prefix}:WINPut \"{sequence}\",ATRigger");
        }

        if (step.EndsSequence)
        {
            yield return Invariant($"{prefix}:GOTO \"{sequence}\",END");
        }
        else if (step.GoToStep is { } goTo)
        {
            yield return Invariant($"{prefix}:GOTO \"{sequence}\",{goTo}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
