using System.Globalization;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// The AWG5200 sequence list (<c>SLISt</c>) commands of the emulated AWG5208: sequences of steps
/// that name a waveform per track, with repeat counts, wait inputs and GOTOs
/// (instruments/models/tektronix-awg5208.md, "Sequences").
/// </summary>
internal sealed class Awg5208SequenceList
{
    public const int MaxSteps = 16383;
    public const int MaxTracks = 8;
    public const long MaxRepeats = 1_048_576;

    private readonly Dictionary<string, AwgSequence> _sequences = new(StringComparer.Ordinal);
    private readonly Func<string, bool> _waveformExists;
    private readonly Action _sequencesChanged;

    /// <param name="waveformExists">Whether the waveform list holds a name.</param>
    /// <param name="sequencesChanged">Called after a delete, so channels can drop sequences that are gone.</param>
    public Awg5208SequenceList(ScpiCommandTree commands, Func<string, bool> waveformExists, Action sequencesChanged)
    {
        _waveformExists = waveformExists;
        _sequencesChanged = sequencesChanged;
        commands.Add("SLISt:SEQuence:NEW", set: New);
        commands.Add("SLISt:SEQuence:DELete", set: Delete);
        commands.Add("SLISt:SIZE", query: c => c.Response.WriteText(Integer(_sequences.Count)));
        commands.Add("SLISt:SEQuence:LENGth", query: c =>
        {
            c.ExpectParameters(1, 1);
            c.Response.WriteText(Integer(Sequence(c).Steps.Count));
        });
        commands.Add("SLISt:SEQuence:TRACk", query: c =>
        {
            c.ExpectParameters(1, 1);
            c.Response.WriteText(Integer(Sequence(c).Tracks));
        });
        commands.Add("SLISt:SEQuence:STEP<n>:TASSet<n>:WAVeform", set: SetWaveform, query: c =>
        {
            c.ExpectParameters(1, 1);
            var (sequence, step) = Step(c);
            c.Response.WriteText($"\"{step.Waveforms[Track(c, sequence) - 1] ?? string.Empty}\"");
        });
        commands.Add("SLISt:SEQuence:STEP<n>:RCOunt", set: SetRepeats, query: c =>
        {
            c.ExpectParameters(1, 1);
            long repeats = Step(c).Step.Repeats;
            c.Response.WriteText(repeats switch { 0 => "INF", 1 => "ONCE", _ => Integer(repeats) });
        });
        commands.Add("SLISt:SEQuence:STEP<n>:WINPut", set: c =>
        {
            c.ExpectParameters(2, 2);
            Step(c).Step.WaitInput = c.Parameters[1].AsKeyword("ATRigger", "BTRigger", "ITRigger", "OFF") switch
            {
                "ATRIGGER" => "ATR",
                "BTRIGGER" => "BTR",
                "ITRIGGER" => "ITR",
                _ => "OFF",
            };
        }, query: c =>
        {
            c.ExpectParameters(1, 1);
            c.Response.WriteText(Step(c).Step.WaitInput);
        });
        commands.Add("SLISt:SEQuence:STEP<n>:GOTO", set: SetGoto, query: c =>
        {
            c.ExpectParameters(1, 1);
            c.Response.WriteText(Step(c).Step.Goto.ToString());
        });
    }

    public int Count => _sequences.Count;

    public AwgSequence? Find(string name) => _sequences.GetValueOrDefault(name);

    /// <summary>The named sequence, or -224.</summary>
    public AwgSequence Get(string name) =>
        _sequences.TryGetValue(name, out var sequence)
            ? sequence
            : throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"sequence \"{name}\" does not exist"));

    /// <summary>Steps that named a deleted waveform lose it (a pass through them is refused at RUN).</summary>
    public void ForgetWaveformsNotIn(Func<string, bool> exists)
    {
        foreach (var step in _sequences.Values.SelectMany(s => s.Steps))
        {
            for (int t = 0; t < step.Waveforms.Length; t++)
            {
                if (step.Waveforms[t] is { } name && !exists(name))
                {
                    step.Waveforms[t] = null;
                }
            }
        }
    }

    /// <summary>Sequences live in volatile memory with the waveforms.</summary>
    public void Clear() => _sequences.Clear();

    private void New(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 3);
        string name = c.Parameters[0].AsString();
        long steps = c.Parameters[1].AsInteger();
        long tracks = c.Parameters.Count == 3 ? c.Parameters[2].AsInteger() : 1;
        if (name.Length == 0)
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With("empty sequence name"));
        }

        if (steps < 1 || steps > MaxSteps)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"steps {steps} is outside 1..{MaxSteps}"));
        }

        if (tracks < 1 || tracks > MaxTracks)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"tracks {tracks} is outside 1..{MaxTracks}"));
        }

        if (!_sequences.TryAdd(name, new AwgSequence(name, (int)steps, (int)tracks)))
        {
            throw new ScpiErrorException(ScpiError.SettingsConflict.With($"sequence \"{name}\" already exists"));
        }
    }

    private void Delete(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        var p = c.Parameters[0];
        if (p.Kind == ScpiParameterKind.Token)
        {
            p.AsKeyword("ALL");
            _sequences.Clear();
        }
        else if (!_sequences.Remove(p.AsString()))
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"sequence \"{p.AsString()}\" does not exist"));
        }

        _sequencesChanged();
    }

    private void SetWaveform(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 2);
        var (sequence, step) = Step(c);
        int track = Track(c, sequence);
        string waveform = c.Parameters[1].AsString();
        if (!_waveformExists(waveform))
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"waveform \"{waveform}\" does not exist"));
        }

        step.Waveforms[track - 1] = waveform;
    }

    private void SetRepeats(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 2);
        var step = Step(c).Step;
        var p = c.Parameters[1];
        if (p.Kind == ScpiParameterKind.Token && !IsNumber(p.Text))
        {
            step.Repeats = p.AsKeyword("ONCE", "INFinite") == "ONCE" ? 1 : 0;
            return;
        }

        long count = p.AsInteger();
        if (count < 1 || count > MaxRepeats)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"repeat count {count} is outside 1..{MaxRepeats}"));
        }

        step.Repeats = count;
    }

    private void SetGoto(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 2);
        var (sequence, step) = Step(c);
        var p = c.Parameters[1];
        if (p.Kind == ScpiParameterKind.Token && !IsNumber(p.Text))
        {
            step.Goto = p.AsKeyword("NEXT", "FIRSt", "LAST", "END") switch
            {
                "NEXT" => StepGoto.Next,
                "FIRST" => new StepGoto(StepGotoKind.First, 0),
                "LAST" => new StepGoto(StepGotoKind.Last, 0),
                _ => new StepGoto(StepGotoKind.End, 0),
            };
            return;
        }

        long target = p.AsInteger();
        if (target < 1 || target > sequence.Steps.Count)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"GOTO step {target} is not a step of \"{sequence.Name}\" (1..{sequence.Steps.Count})"));
        }

        step.Goto = new StepGoto(StepGotoKind.Step, (int)target);
    }

    private AwgSequence Sequence(ScpiCommandContext c) => Get(c.Parameter(0, "sequence name").AsString());

    private (AwgSequence Sequence, SequenceStep Step) Step(ScpiCommandContext c)
    {
        var sequence = Sequence(c);
        int n = c.Suffixes[0];
        if (n < 1 || n > sequence.Steps.Count)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"step {n} is not a step of \"{sequence.Name}\" (1..{sequence.Steps.Count})"));
        }

        return (sequence, sequence.Steps[n - 1]);
    }

    private static int Track(ScpiCommandContext c, AwgSequence sequence)
    {
        int t = c.Suffixes[1];
        if (t < 1 || t > sequence.Tracks)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"track {t} is not a track of \"{sequence.Name}\" (1..{sequence.Tracks})"));
        }

        return t;
    }

    private static bool IsNumber(string text) => text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '+' or '-' or '.');

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
