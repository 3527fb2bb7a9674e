using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Benchmarking;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

public sealed class RbParametersTests
{
    [Fact]
    public void Lengths_are_sorted_and_need_at_least_four_distinct_values()
    {
        Assert.Equal([1, 5, 50, 200], new RbParameters([200, 1, 50, 5], 10, 100, 1).Lengths);
        Assert.Throws<ArgumentException>(() => new RbParameters([1, 5, 50], 10, 100, 1));
        Assert.Throws<ArgumentException>(() => new RbParameters([1, 5, 5, 50], 10, 100, 1));
        Assert.Throws<ArgumentException>(() => new RbParameters([-1, 5, 20, 50], 10, 100, 1));
    }

    [Fact]
    public void One_sequence_per_length_or_too_few_shots_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RbParameters([1, 5, 20, 50], 1, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RbParameters([1, 5, 20, 50], 10, 5, 1));
    }

    [Fact]
    public void Only_single_pulse_gates_can_be_interleaved()
    {
        Assert.Equal(CliffordPulse.Y180, new RbParameters([1, 5, 20, 50], 10, 100, 1, CliffordPulse.Y180).InterleavedGate);
        Assert.Throws<ArgumentException>(() => new RbParameters([1, 5, 20, 50], 10, 100, 1, CliffordPulse.Idle));
    }

    [Fact]
    public void Each_Clifford_compiles_to_one_pulse_slot_per_pulse_and_sequences_concatenate()
    {
        var waveforms = new CliffordWaveforms(1e9, new PiPulseCalibration(0.45, 40e-9));
        for (var c = 0; c < OneQubitCliffords.Count; c++)
        {
            Assert.Equal(40 * OneQubitCliffords.Pulses(c).Count, waveforms.Samples(c));
        }

        Assert.All(waveforms.Compile([OneQubitCliffords.Identity]).InPhase, v => Assert.Equal(0.0, v));
        var x90 = OneQubitCliffords.Of(CliffordPulse.X90);
        var y90 = OneQubitCliffords.Of(CliffordPulse.Y90);
        var sequence = waveforms.Compile([x90, y90]);
        Assert.Equal(80, sequence.Length);
        Assert.Equal(0.225, sequence.InPhase.Take(40).Max(), 3); // half the pi amplitude on I
        Assert.Equal(0.225, sequence.Quadrature.Skip(40).Max(), 3); // then on Q
        Assert.Equal(75e-9, waveforms.MeanCliffordDuration, 15);
    }
}
