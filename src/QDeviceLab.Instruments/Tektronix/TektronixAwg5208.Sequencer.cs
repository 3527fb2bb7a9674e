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
        var table = new SequenceTableWriter(MaxMessageCharacters);
        AppendDefinition(table, name, steps, tracks);
        await WriteAllAsync(table, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync($"SLISt:SEQuence:NEW \"{name}\" and its {steps.Count} steps", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every sequence, defines <paramref name="name"/> and assigns track t to channel
    /// <paramref name="channelPerTrack"/>[t-1], in the same program messages as the step table, with
    /// one drain of the error queue for all of them (any error the instrument reports is raised,
    /// naming the whole load): one round trip per experiment instead of four.
    /// </summary>
    public async Task LoadSequenceAsync(string name, IReadOnlyList<AwgSequenceStep> steps, IReadOnlyList<int> channelPerTrack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channelPerTrack);
        foreach (var channel in channelPerTrack)
        {
            ValidateChannel(channel);
        }

        var table = new SequenceTableWriter(MaxMessageCharacters);
        table.Command("SLIS:SEQ:DEL ALL");
        AppendDefinition(table, name, steps, channelPerTrack.Count);
        for (int t = 1; t <= channelPerTrack.Count; t++)
        {
            table.Command(Invariant($"SOUR{channelPerTrack[t - 1]}:CASS:SEQ \"{name}\",{t}"));
        }

        await WriteAllAsync(table, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(
            $"SLISt:SEQuence:DELete ALL, SLISt:SEQuence:NEW \"{name}\" and its {steps.Count} steps, SOURce:CASSet:SEQuence of its {channelPerTrack.Count} tracks",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates the whole table (nothing is sent for a bad one), then appends NEW and every step's commands.</summary>
    private void AppendDefinition(SequenceTableWriter table, string name, IReadOnlyList<AwgSequenceStep> steps, int tracks)
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

        for (int n = 1; n <= steps.Count; n++)
        {
            ValidateStep(name, n, steps[n - 1], steps.Count, tracks);
        }

        table.Command(Invariant($"SLIS:SEQ:NEW \"{name}\",{steps.Count},{tracks}"));
        for (int n = 1; n <= steps.Count; n++)
        {
            var step = steps[n - 1];
            for (int t = 1; t <= tracks; t++)
            {
                // SLISt:SEQuence:STEP<n>:TASSet<t>:WAVeform "seq","wfm", in short form.
                table.Begin().Append("SLIS:SEQ:STEP").Append(n).Append(":TASS").Append(t).Append(":WAV \"")
                    .Append(name).Append("\",\"").Append(step.TrackWaveforms[t - 1]).Append('"');
                table.End();
            }

            if (step.Repeats != 1)
            {
                table.Begin().Append("SLIS:SEQ:STEP").Append(n).Append(":RCO \"").Append(name).Append("\",").Append(step.Repeats);
                table.End();
            }

            if (step.WaitForTrigger)
            {
                table.Begin().Append("SLIS:SEQ:STEP").Append(n).Append(":WINP \"").Append(name).Append("\",ATR");
                table.End();
            }

            if (step.EndsSequence)
            {
                table.Begin().Append("SLIS:SEQ:STEP").Append(n).Append(":GOTO \"").Append(name).Append("\",END");
                table.End();
            }
            else if (step.GoToStep is { } goTo)
            {
                table.Begin().Append("SLIS:SEQ:STEP").Append(n).Append(":GOTO \"").Append(name).Append("\",").Append(goTo);
                table.End();
            }
        }
    }

    private async Task WriteAllAsync(SequenceTableWriter table, CancellationToken cancellationToken)
    {
        foreach (var message in table.Messages())
        {
            await WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
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

    private void ValidateStep(string sequence, int n, AwgSequenceStep step, int steps, int tracks)
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

        foreach (var waveform in step.TrackWaveforms)
        {
            ValidateName(waveform);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Joins SCPI commands into program messages of at most a given length, each command written
/// straight into one buffer (no string per command). Every command after the first of a message
/// follows ";:", which restarts at the root, so each keeps its full header.
/// </summary>
internal sealed class SequenceTableWriter(int maxMessageCharacters)
{
    private readonly StringBuilder _text = new(maxMessageCharacters);
    private readonly List<string> _messages = [];
    private int _commandStart;

    /// <summary>Starts a command (call <see cref="End"/> after appending it).</summary>
    public StringBuilder Begin()
    {
        _commandStart = _text.Length;
        if (_text.Length > 0)
        {
            _text.Append(";:");
        }

        return _text;
    }

    /// <summary>Ends the command begun last; it moves into a new message if it would overflow this one.</summary>
    public void End()
    {
        if (_commandStart > 0 && _text.Length > maxMessageCharacters)
        {
            string command = _text.ToString(_commandStart + 2, _text.Length - _commandStart - 2);
            _messages.Add(_text.ToString(0, _commandStart));
            _text.Clear().Append(command);
        }
    }

    public void Command(string command)
    {
        Begin().Append(command);
        End();
    }

    /// <summary>The program messages, the one being filled last.</summary>
    public IReadOnlyList<string> Messages()
    {
        if (_text.Length > 0)
        {
            _messages.Add(_text.ToString());
            _text.Clear();
        }

        return _messages;
    }
}
