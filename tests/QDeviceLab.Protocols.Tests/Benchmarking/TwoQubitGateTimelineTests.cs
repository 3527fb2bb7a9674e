using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Protocols.Benchmarking;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

public sealed class TwoQubitGateTimelineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(60)]
    public void A_two_qubit_RB_sequence_becomes_two_aligned_lists_that_still_multiply_to_the_identity(int length)
    {
        var sequence = new TwoQubitRbSequenceGenerator(length).Next(length);
        var timeline = TwoQubitGateTimeline.Of(sequence);

        Assert.Equal(TwoQubitCliffords.Identity, TwoQubitCliffords.Of(timeline.NativeGates()));
        var expectedCz = sequence.Played().Sum(TwoQubitCliffords.ControlledZCount);
        Assert.Equal(expectedCz, timeline.ControlledZCount);
        Assert.Equal(expectedCz, timeline.Qubit0.Count(s => s.Operation == TimelineOperation.ControlledZ));
        Assert.Equal(expectedCz, timeline.Qubit1.Count(s => s.Operation == TimelineOperation.ControlledZ));

        // Every CZ starts in the same pulse slot on both qubits, and both end together.
        Assert.Equal(SlotsBeforeEachCz(timeline.Qubit0), SlotsBeforeEachCz(timeline.Qubit1));
        Assert.Equal(timeline.PulseSlots, timeline.Qubit0.Count(IsSlot));
        Assert.Equal(timeline.PulseSlots, timeline.Qubit1.Count(IsSlot));
    }

    [Fact]
    public void Consecutive_virtual_Zs_are_merged_and_full_turns_dropped()
    {
        // Z90 then Z270 on qubit 0 is no rotation: the layer's virtual Zs vanish.
        var z90 = TwoQubitCliffords.Of([new NativeGate(NativeGateKind.VirtualZ, 0, 1)]);
        var z270 = TwoQubitCliffords.Of([new NativeGate(NativeGateKind.VirtualZ, 0, 3)]);
        var timeline = TwoQubitGateTimeline.Of([z90, z270]);
        Assert.DoesNotContain(timeline.Qubit0, s => s.Operation == TimelineOperation.VirtualZ);
        Assert.Equal(0, timeline.PulseSlots);
        Assert.All(TwoQubitGateTimeline.Of([z90]).Qubit0, s => Assert.Equal(new TimelineStep(TimelineOperation.VirtualZ, 1), s));
    }

    [Fact]
    public void The_duration_counts_pulse_slots_and_CZs()
    {
        var cz = TwoQubitCliffords.Of([NativeGate.ControlledZ]);
        var x90OnQubit1 = TwoQubitCliffords.Of([new NativeGate(NativeGateKind.X90, 1)]);
        var timeline = TwoQubitGateTimeline.Of([x90OnQubit1, cz]);
        Assert.Equal(1, timeline.ControlledZCount);
        Assert.Equal(1, timeline.PulseSlots);
        Assert.Equal(new TimelineStep(TimelineOperation.Idle), timeline.Qubit0[0]); // qubit 0 waits for qubit 1's pulse
        Assert.Equal(240.0, timeline.Duration(40e-9, 200e-9) * 1e9, 9);
    }

    private static bool IsSlot(TimelineStep s) => s.Operation is TimelineOperation.X90 or TimelineOperation.Y90 or TimelineOperation.Idle;

    private static List<int> SlotsBeforeEachCz(IReadOnlyList<TimelineStep> line)
    {
        var result = new List<int>();
        var slots = 0;
        foreach (var step in line)
        {
            if (step.Operation == TimelineOperation.ControlledZ)
            {
                result.Add(slots);
            }
            else if (IsSlot(step))
            {
                slots++;
            }
        }

        return result;
    }
}
