using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Benchmarking;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Tests.Benchmarking;

/// <summary>
/// RB played through the AWG sequencer (the Clifford library uploaded once, each sequence a step
/// table) against the same RB played as one uploaded waveform per sequence.
/// </summary>
public sealed class RbSequencerTests
{
    private static readonly PiPulseCalibration Pi = new(0.45, 40e-9);

    [Fact]
    public void A_Clifford_compiled_in_a_quarter_turned_frame_is_the_same_pulse_rotated_by_minus_90_degrees_in_the_IQ_plane()
    {
        var library = new CliffordWaveforms(1e9, Pi);
        var x90 = OneQubitCliffords.Of(CliffordPulse.X90);
        var inFrame0 = CliffordWaveforms.Entry(x90, 0);
        var inFrame1 = CliffordWaveforms.Entry(x90, 1);
        Assert.Equal(library.InPhase(inFrame0).Length, library.InPhase(inFrame1).Length);
        for (var k = 0; k < library.EntrySamples(inFrame0); k++)
        {
            Assert.Equal(0.0, library.InPhase(inFrame1)[k], 12);
            Assert.Equal(-library.InPhase(inFrame0)[k], library.Quadrature(inFrame1)[k], 12);
        }

        Assert.True(library.InPhase(inFrame0).Max() > 0.2);
    }

    [Fact]
    public void The_XY_decomposition_has_no_virtual_Z_so_only_frame_0_entries_are_reachable_and_sequences_stay_there()
    {
        var library = new CliffordWaveforms(1e9, Pi);
        Assert.Equal(OneQubitCliffords.Count, library.Reachable.Count);
        Assert.All(library.Reachable, e => Assert.Equal(0, e % CliffordWaveforms.Frames));
        var sequence = new RbSequenceGenerator(4).Next(30).Played().ToArray();
        var entries = library.EntriesOf(sequence);
        Assert.Equal(sequence, entries.Select(CliffordWaveforms.CliffordOf));
        Assert.Equal(library.Compile(sequence).Length, entries.Sum(library.EntrySamples));
    }

    [Fact]
    public void The_virtual_Z_decomposition_reaches_all_four_frames_and_plays_fewer_pulses()
    {
        var library = new CliffordWaveforms(1e9, Pi, CliffordDecomposition.VirtualZ);
        Assert.Equal(1.0, library.MeanPulsesPerClifford, 12); // 4 z rotations x 0, 16 x 1, 4 that flip z x 2
        Assert.Equal(4 * 20, library.Reachable.Count); // the 4 pure z rotations play no samples
        Assert.Equal(0, library.EntrySamples(CliffordWaveforms.Entry(OneQubitCliffords.Identity, 2)));
        var sequence = new RbSequenceGenerator(8).Next(40).Played().ToArray();
        Assert.Contains(library.EntriesOf(sequence), e => e % CliffordWaveforms.Frames != 0);
        Assert.Equal(45.0 / 24, new CliffordWaveforms(1e9, Pi).MeanPulsesPerClifford, 12);
    }

    [Fact]
    public async Task With_virtual_Zs_the_frames_are_tracked_so_sequences_still_return_to_ground_on_both_paths()
    {
        var parameters = new RbParameters([1, 10, 40, 100], 3, 200, seed: 4) { Decomposition = CliffordDecomposition.VirtualZ };
        var viaSequencer = await RunAsync(parameters);
        var viaWaveforms = await RunAsync(parameters with { UseSequencer = false });

        Assert.Equal(1.0, viaSequencer.Settings["mean_pulses_per_clifford"], 12);
        Assert.Equal(1, viaSequencer.Settings["virtual_z_decomposition"]);
        for (var k = 0; k < viaSequencer.Sequences.Count; k++)
        {
            Assert.InRange(viaSequencer.Sequences[k].Survived - viaWaveforms.Sequences[k].Survived, -3, 3);
        }

        // A lost frame would scramble the recovery: survival near 1/2 instead of near 1 after 100 Cliffords.
        var longest = viaSequencer.Sequences.Where(s => s.Length == 100).ToArray();
        Assert.True(longest.Average(s => (double)s.Survived / s.Shots) > 0.85, string.Join(", ", longest.Select(s => s.Survived)));
    }

    [Fact]
    public async Task Sequencer_and_single_waveform_playback_give_the_same_survival_per_sequence()
    {
        var parameters = new RbParameters([1, 10, 40, 120], 3, 200, seed: 9);
        var viaSequencer = await RunAsync(parameters);
        var viaWaveforms = await RunAsync(parameters with { UseSequencer = false });

        Assert.Equal(1, viaSequencer.Settings["sequencer"]);
        Assert.Equal(0, viaWaveforms.Settings["sequencer"]);
        Assert.Equal(viaWaveforms.Sequences.Count, viaSequencer.Sequences.Count);
        for (var k = 0; k < viaSequencer.Sequences.Count; k++)
        {
            var (a, b) = (viaSequencer.Sequences[k], viaWaveforms.Sequences[k]);
            Assert.Equal(b.Cliffords, a.Cliffords);
            Assert.Equal(b.Duration, a.Duration, 15);
            // The same samples, the same emulated shots: only float rounding in the twin's
            // composition of repeated steps differs, which can flip a shot at a threshold.
            Assert.InRange(a.Survived - b.Survived, -3, 3);
        }

        Assert.True(viaSequencer.Sequences.Sum(s => s.Survived) > 0.5 * viaSequencer.Sequences.Sum(s => s.Shots));
    }

    [Fact]
    public async Task A_single_waveform_experiment_on_another_qubit_of_the_same_AWG_runs_after_sequenced_RB()
    {
        await using var bench = await Support.EmulatedBench.StartAsync(20261128);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "rb", RandomizedBenchmarking.ShotsColumn);
        var rb = await RandomizedBenchmarking.AcquireAsync(bench.Station.Qubit("q1"), new RbParameters([1, 5, 10, 20], 2, 50, seed: 2), recorder);
        Assert.Equal(1, rb.Settings["sequencer"]);

        // q0 shares awg1 with q1: q1's sequence must not stay assigned once its waveforms are gone.
        var q0 = bench.Station.Qubit("q0");
        var excited = Readout.BasisStatePreparation.Excited(q0);
        var shots = await Acquisition.ShotAcquisition.AcquireAsync(q0, excited, 50, CancellationToken.None);
        Assert.Equal(50, shots.Count);
    }

    private static async Task<RbData> RunAsync(RbParameters parameters)
    {
        await using var bench = await Support.EmulatedBench.StartAsync(20261128);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "rb", RandomizedBenchmarking.ShotsColumn);
        return await RandomizedBenchmarking.AcquireAsync(bench.Station.Qubit("q1"), parameters, recorder);
    }
}
