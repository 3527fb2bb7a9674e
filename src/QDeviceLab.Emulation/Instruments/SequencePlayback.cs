using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Turns what a qubit's I and Q channels play into one shot's <see cref="DriveProgram"/>: a plain
/// waveform is one segment; a sequence is one pass through its steps (repeat counts kept as
/// repeats, GOTOs followed). I and Q playing tracks of the same sequence stay step-aligned
/// (a segment per visited step); any other mix is expanded into plain samples.
/// </summary>
internal static class SequencePlayback
{
    /// <summary>Step visits one pass may take before the sequence counts as never ending.</summary>
    public const int MaxStepVisits = 1_048_576;

    /// <summary>Samples one pass may play (the waveform memory's size): bounds a mixed I/Q expansion.</summary>
    public const long MaxPassSamples = Awg5208Emulator.MaxTotalSamples;

    /// <summary>What one channel plays: nothing, a waveform, or a track of a sequence; volts per unit sample.</summary>
    public readonly record struct ChannelPlay(float[]? Waveform, AwgSequence? Sequence, int Track, double VoltsPerUnit)
    {
        public static ChannelPlay None => default;
    }

    /// <summary>
    /// Checks that a channel's sequence can be played as a shot: the pass ends, every visited step
    /// names a waveform on the channel's track, and the pass fits <see cref="MaxPassSamples"/>.
    /// Throws -221 otherwise (the emulator refuses to RUN).
    /// </summary>
    public static void Validate(AwgSequence sequence, int track, int channel, Func<string, float[]?> waveform)
    {
        var pass = sequence.Pass(MaxStepVisits, out string? unbounded)
            ?? throw new ScpiErrorException(ScpiError.SettingsConflict.With($"channel {channel}: {unbounded}; the emulator plays one pass per shot"));
        long samples = 0;
        for (int v = 0; v < pass.Count; v++)
        {
            string? name = pass[v].Waveforms[track - 1];
            var data = name is null ? null : waveform(name);
            if (data is null)
            {
                int step = IndexOf(sequence, pass[v]) + 1;
                throw new ScpiErrorException(ScpiError.SettingsConflict.With($"channel {channel}: step {step} of sequence \"{sequence.Name}\" has no waveform on track {track}"));
            }

            samples += data.Length * pass[v].Repeats;
            if (samples > MaxPassSamples)
            {
                throw new ScpiErrorException(ScpiError.SettingsConflict.With($"channel {channel}: one pass of sequence \"{sequence.Name}\" plays more than {MaxPassSamples} samples"));
            }
        }
    }

    public static DriveProgram Build(ChannelPlay i, ChannelPlay q, Func<string, float[]?> waveform)
    {
        if (i.Sequence is null && q.Sequence is null)
        {
            return DriveProgram.Single(new DriveSamples(i.Waveform, i.VoltsPerUnit, q.Waveform, q.VoltsPerUnit));
        }

        var sequence = i.Sequence ?? q.Sequence!;
        bool aligned = (i.Sequence is null || i.Sequence == sequence) && (q.Sequence is null || q.Sequence == sequence)
            && i.Waveform is null && q.Waveform is null;
        if (!aligned)
        {
            return DriveProgram.Single(new DriveSamples(Expand(i, waveform), i.VoltsPerUnit, Expand(q, waveform), q.VoltsPerUnit));
        }

        var segments = new List<DriveSegment>();
        foreach (var step in sequence.Pass(MaxStepVisits, out _) ?? [])
        {
            var samples = new DriveSamples(
                Samples(i, step, waveform), i.VoltsPerUnit,
                Samples(q, step, waveform), q.VoltsPerUnit);
            segments.Add(new DriveSegment(samples, step.Repeats));
        }

        return new DriveProgram(segments);
    }

    private static float[]? Samples(ChannelPlay channel, SequenceStep step, Func<string, float[]?> waveform) =>
        channel.Sequence is null || step.Waveforms[channel.Track - 1] is not { } name ? null : waveform(name);

    /// <summary>A channel's pass as plain samples (validated at RUN to fit the waveform memory).</summary>
    private static float[]? Expand(ChannelPlay channel, Func<string, float[]?> waveform)
    {
        if (channel.Sequence is null)
        {
            return channel.Waveform;
        }

        var pieces = new List<float[]>();
        long total = 0;
        foreach (var step in channel.Sequence.Pass(MaxStepVisits, out _) ?? [])
        {
            var data = Samples(channel, step, waveform) ?? [];
            for (long r = 0; r < step.Repeats && total + data.Length <= MaxPassSamples; r++)
            {
                pieces.Add(data);
                total += data.Length;
            }
        }

        var all = new float[total];
        long at = 0;
        foreach (var piece in pieces)
        {
            piece.CopyTo(all, at);
            at += piece.Length;
        }

        return all;
    }

    private static int IndexOf(AwgSequence sequence, SequenceStep step)
    {
        for (int s = 0; s < sequence.Steps.Count; s++)
        {
            if (ReferenceEquals(sequence.Steps[s], step))
            {
                return s;
            }
        }

        return -1;
    }
}
