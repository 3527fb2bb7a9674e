using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;
using QDeviceLab.Protocols.Tests.Support;

namespace QDeviceLab.Protocols.Tests;

/// <summary>
/// The readout LO as a lab meets it: the readout-fidelity protocol, unchanged, over real drivers
/// and sockets, with the station's SGS100A retuned or switched off through its own driver.
/// </summary>
public sealed class ReadoutLoEndToEndTests
{
    [Fact]
    public async Task A_mistuned_readout_lo_makes_the_assignment_fidelity_drop()
    {
        await using var bench = await EmulatedBench.StartAsync(909);
        var lines = bench.Station.Qubit("q0");
        var tuned = await Fidelity(bench, lines, "tuned");

        var lo = bench.Station.Instruments.OfType<IMicrowaveSource>().Single();
        await lo.SetFrequencyAsync(await lo.GetFrequencyAsync() + 2.0e6); // about 1.25 linewidths of q0's resonator
        var mistuned = await Fidelity(bench, lines, "mistuned");

        Assert.InRange(tuned.Value, 0.9, 1.0);
        Assert.True(mistuned.Value < tuned.Value - 0.1 && mistuned.Value > 0.55,
            $"F_RO {tuned} with the LO tuned should fall well below it, and stay above chance, with the LO 2 MHz off; got {mistuned}");
    }

    [Fact]
    public async Task With_the_readout_lo_off_the_assignment_fidelity_is_chance()
    {
        await using var bench = await EmulatedBench.StartAsync(910);
        var lines = bench.Station.Qubit("q1");
        await bench.Station.Instruments.OfType<IMicrowaveSource>().Single().SetOutputAsync(false);
        var off = await Fidelity(bench, lines, "off");
        Assert.True(Math.Abs(off.Value - 0.5) <= Math.Max(0.03, 3 * off.StandardUncertainty), $"F_RO with no LO should be 0.5 within noise, got {off}");
    }

    [Fact]
    public async Task With_the_readout_lo_off_a_t1_sweep_stops_at_its_references_and_names_the_readout_keeping_them()
    {
        await using var bench = await EmulatedBench.StartAsync(911);
        await bench.Station.Instruments.OfType<IMicrowaveSource>().Single().SetOutputAsync(false);
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, "t1-lo-off", "delay");
        var delays = Enumerable.Range(0, 8).Select(k => k * 20e-6).ToArray();

        var error = await Assert.ThrowsAsync<Core.MeasurementException>(
            () => Coherence.T1InversionRecovery.AcquireAsync(bench.Station.Qubit("q2"), new Coherence.DelaySweepParameters(delays, 300), recorder));

        Assert.Contains("qubit q2: the |0> and |1> readout references are only", error.Message, StringComparison.Ordinal);
        Assert.Contains("readout LO", error.Message, StringComparison.Ordinal);
        // Nothing measured is lost: both references' 300 shots each are on disk, and the summary says the sweep stopped.
        Assert.Equal(2 * 300, File.ReadLines(recorder.ShotsPath).Count(line => line.Contains("reference", StringComparison.Ordinal)));
        Assert.Contains("\"complete\": false", File.ReadAllText(recorder.SummaryPath), StringComparison.Ordinal);
    }

    private static async Task<Core.Measurement> Fidelity(EmulatedBench bench, Instruments.Stations.QubitLines lines, string label)
    {
        await using var recorder = RawDataRecorder.Create(bench.RawFolder, $"readout-{label}", AssignmentFidelity.ShotsColumn);
        var data = await AssignmentFidelity.AcquireAsync(lines, 2000, recorder);
        return AssignmentFidelity.Fit(data).Value;
    }
}
