namespace QDeviceLab.Emulation.Instruments;

/// <summary>Where a sequence step goes after its repeats: the next step, a fixed step, or the end of the pass.</summary>
internal readonly record struct StepGoto(StepGotoKind Kind, int Step)
{
    public static StepGoto Next => new(StepGotoKind.Next, 0);

    /// <summary>The answer to <c>STEP&lt;n&gt;:GOTO?</c>, in the manual's short forms.</summary>
    public override string ToString() => Kind switch
    {
        StepGotoKind.Next => "NEXT",
        StepGotoKind.First => "FIRS",
        StepGotoKind.Last => "LAST",
        StepGotoKind.End => "END",
        _ => Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

internal enum StepGotoKind { Next, First, Last, End, Step }

/// <summary>One row of a sequence: a waveform per track, a repeat count (0 = INFinite), a wait input and a GOTO.</summary>
internal sealed class SequenceStep(int tracks)
{
    public string?[] Waveforms { get; } = new string?[tracks];

    public long Repeats { get; set; } = 1;

    public string WaitInput { get; set; } = "OFF";

    public StepGoto Goto { get; set; } = StepGoto.Next;
}

/// <summary>A sequence of the AWG's sequence list (<c>SLISt</c>): steps x tracks of waveform names.</summary>
internal sealed class AwgSequence
{
    public AwgSequence(string name, int steps, int tracks)
    {
        Name = name;
        Tracks = tracks;
        Steps = [.. Enumerable.Range(0, steps).Select(_ => new SequenceStep(tracks))];
    }

    public string Name { get; }

    public int Tracks { get; }

    public IReadOnlyList<SequenceStep> Steps { get; }

    /// <summary>
    /// The steps one pass visits, from step 1, following GOTOs: a pass ends after the last step
    /// when its GOTO is NEXT, or at a GOTO END. Null (with the reason) when the pass never ends
    /// within <paramref name="maxVisits"/> steps (a GOTO loop) or repeats a step INFinitely.
    /// </summary>
    public IReadOnlyList<SequenceStep>? Pass(int maxVisits, out string? unbounded)
    {
        var visited = new List<SequenceStep>();
        int index = 0;
        while (index < Steps.Count)
        {
            if (visited.Count == maxVisits)
            {
                unbounded = $"sequence \"{Name}\" does not end within {maxVisits} steps (a GOTO loop)";
                return null;
            }

            var step = Steps[index];
            if (step.Repeats == 0)
            {
                unbounded = $"sequence \"{Name}\" step {index + 1} repeats INFinitely";
                return null;
            }

            visited.Add(step);
            index = step.Goto.Kind switch
            {
                StepGotoKind.Next => index + 1,
                StepGotoKind.First => 0,
                StepGotoKind.Last => Steps.Count - 1,
                StepGotoKind.End => Steps.Count,
                _ => step.Goto.Step - 1,
            };
        }

        unbounded = null;
        return visited;
    }
}
