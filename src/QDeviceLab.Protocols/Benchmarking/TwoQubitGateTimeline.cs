using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>What one qubit does in one step of a two-qubit gate timeline.</summary>
public enum TimelineOperation
{
    /// <summary>An idle of one pulse slot, so the other qubit's pulses and this one's line up before a CZ.</summary>
    Idle,

    X90,

    Y90,

    /// <summary>A frame change (no time, no samples) of <see cref="TimelineStep.QuarterTurns"/> x 90 degrees.</summary>
    VirtualZ,

    /// <summary>The CZ, played on both qubits at once (the k-th CZ of each qubit's list is the same gate).</summary>
    ControlledZ,
}

/// <summary>One entry of a qubit's timeline.</summary>
public readonly record struct TimelineStep(TimelineOperation Operation, int QuarterTurns = 0);

/// <summary>
/// A two-qubit RB sequence as two per-qubit native gate lists a pulse compiler can play: each
/// Clifford's fewest-CZ decomposition (<see cref="TwoQubitCliffords.Decomposition"/>) concatenated,
/// single-qubit pulses of the two qubits in parallel pulse slots, the qubit with fewer pulses before a
/// CZ padded with idles so both reach every CZ in the same slot, consecutive virtual Zs merged, and
/// both lists padded to end together.
/// </summary>
public sealed class TwoQubitGateTimeline
{
    private TwoQubitGateTimeline(List<TimelineStep> qubit0, List<TimelineStep> qubit1, int controlledZs, int slots)
    {
        Qubit0 = qubit0;
        Qubit1 = qubit1;
        ControlledZCount = controlledZs;
        PulseSlots = slots;
    }

    /// <summary>Qubit 0's steps in time order.</summary>
    public IReadOnlyList<TimelineStep> Qubit0 { get; }

    /// <summary>Qubit 1's steps in time order.</summary>
    public IReadOnlyList<TimelineStep> Qubit1 { get; }

    public int ControlledZCount { get; }

    /// <summary>Pulse slots (pulses and idles) per qubit, the same on both.</summary>
    public int PulseSlots { get; }

    /// <summary>Every Clifford the sequence plays, the recovery last.</summary>
    public static TwoQubitGateTimeline Of(RbSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Of(sequence.Played());
    }

    /// <summary>The timeline of two-qubit Cliffords (indices into <see cref="TwoQubitCliffords"/>) in time order.</summary>
    public static TwoQubitGateTimeline Of(IEnumerable<int> cliffords)
    {
        ArgumentNullException.ThrowIfNull(cliffords);
        var lines = new[] { new List<TimelineStep>(), new List<TimelineStep>() };
        var slots = new int[2];
        var controlledZs = 0;
        foreach (var clifford in cliffords)
        {
            foreach (var gate in TwoQubitCliffords.Decomposition(clifford))
            {
                switch (gate.Kind)
                {
                    case NativeGateKind.ControlledZ:
                        Align(lines, slots);
                        lines[0].Add(new TimelineStep(TimelineOperation.ControlledZ));
                        lines[1].Add(new TimelineStep(TimelineOperation.ControlledZ));
                        controlledZs++;
                        break;
                    case NativeGateKind.VirtualZ:
                        AddVirtualZ(lines[gate.Qubit], gate.QuarterTurns);
                        break;
                    default:
                        lines[gate.Qubit].Add(new TimelineStep(gate.Kind == NativeGateKind.X90 ? TimelineOperation.X90 : TimelineOperation.Y90));
                        slots[gate.Qubit]++;
                        break;
                }
            }
        }

        Align(lines, slots);
        return new TwoQubitGateTimeline(lines[0], lines[1], controlledZs, slots[0]);
    }

    /// <summary>Total play time: every pulse slot plus every CZ.</summary>
    public double Duration(double pulseDuration, double controlledZDuration) => (PulseSlots * pulseDuration) + (ControlledZCount * controlledZDuration);

    /// <summary>
    /// Both qubits' steps back as one native gate list (each stretch between CZs: qubit 0's, then
    /// qubit 1's, which commute), e.g. to check the timeline against the group.
    /// </summary>
    public IReadOnlyList<NativeGate> NativeGates()
    {
        var gates = new List<NativeGate>();
        int a = 0, b = 0;
        while (a < Qubit0.Count || b < Qubit1.Count)
        {
            a = Stretch(Qubit0, a, 0, gates);
            b = Stretch(Qubit1, b, 1, gates);
            if (a < Qubit0.Count && b < Qubit1.Count)
            {
                gates.Add(NativeGate.ControlledZ);
                a++;
                b++;
            }
            else if (a < Qubit0.Count || b < Qubit1.Count)
            {
                throw new InvalidOperationException("the two qubits' lists do not have the same CZs");
            }
        }

        return gates;
    }

    private static int Stretch(IReadOnlyList<TimelineStep> line, int from, int qubit, List<NativeGate> gates)
    {
        while (from < line.Count && line[from].Operation != TimelineOperation.ControlledZ)
        {
            var step = line[from++];
            switch (step.Operation)
            {
                case TimelineOperation.X90:
                    gates.Add(new NativeGate(NativeGateKind.X90, qubit));
                    break;
                case TimelineOperation.Y90:
                    gates.Add(new NativeGate(NativeGateKind.Y90, qubit));
                    break;
                case TimelineOperation.VirtualZ:
                    gates.Add(new NativeGate(NativeGateKind.VirtualZ, qubit, step.QuarterTurns));
                    break;
            }
        }

        return from;
    }

    private static void Align(List<TimelineStep>[] lines, int[] slots)
    {
        var behind = slots[0] < slots[1] ? 0 : 1;
        for (var k = Math.Abs(slots[0] - slots[1]); k > 0; k--)
        {
            lines[behind].Add(new TimelineStep(TimelineOperation.Idle));
            slots[behind]++;
        }
    }

    private static void AddVirtualZ(List<TimelineStep> line, int quarterTurns)
    {
        if (line.Count > 0 && line[^1].Operation == TimelineOperation.VirtualZ)
        {
            quarterTurns += line[^1].QuarterTurns;
            line.RemoveAt(line.Count - 1);
        }

        quarterTurns &= 3;
        if (quarterTurns != 0)
        {
            line.Add(new TimelineStep(TimelineOperation.VirtualZ, quarterTurns));
        }
    }
}
