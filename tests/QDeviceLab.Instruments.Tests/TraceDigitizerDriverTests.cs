using System.Numerics;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The DIG-IQ4 driver's record, weights and traces against the emulated DIG-IQ4 over loopback.</summary>
[Collection(nameof(SequencerDriverTests))]
public sealed class TraceDigitizerDriverTests
{
    [Fact]
    public async Task An_averaged_trace_rings_up_and_matched_weights_integrate_what_it_shows()
    {
        await using var emulator = EmulatedStation.Start(RepositoryFiles.EmulatedStation);
        await using var station = await Station.OpenAsync(StationFile.Load(RepositoryFiles.EmulatedStation), emulator.Resources);
        var q0 = station.Qubit("q0");
        var digitizer = Assert.IsAssignableFrom<ITraceDigitizer>(q0.Digitizer);
        await q0.Awg.UploadWaveformAsync("idle", new double[16]);
        await q0.Awg.AssignWaveformAsync(q0.InPhaseChannel, "idle");
        await q0.Awg.SetOutputAsync(q0.InPhaseChannel, true);
        await q0.Awg.RunAsync();

        await digitizer.SetRecordLengthAsync(1000);
        await digitizer.SetModeAsync(DigitizerMode.AveragedTrace);
        await digitizer.ArmAsync(50_000);
        await digitizer.WaitForAcquisitionAsync();
        var trace = await digitizer.FetchAveragedTraceAsync(q0.ReadoutChannel);
        Assert.Equal(1000, trace.Count);
        Assert.Equal(1e-6 - 1e-9, trace.TimeOf(999), 15);
        var samples = Enumerable.Range(0, trace.Count).Select(k => new Complex(trace.InPhase[k], trace.Quadrature[k])).ToArray();
        double early = samples[..10].Average(s => s.Magnitude);
        double late = samples[900..].Average(s => s.Magnitude);
        Assert.True(early < 0.1 * late, $"the trace starts near 0 ({early:G3} V) and rings up to {late:G3} V");

        // Matched filter: weights along the conjugate of the ring-up put the whole signal on I.
        var weights = samples.Select(s => Complex.Conjugate(s) / late).ToArray();
        await digitizer.SetIntegrationWeightsAsync(q0.ReadoutChannel, weights);
        await digitizer.SetModeAsync(DigitizerMode.IntegratedIq);
        await digitizer.ArmAsync(2000);
        await digitizer.WaitForAcquisitionAsync();
        var shots = await digitizer.FetchIqAsync(q0.ReadoutChannel);
        double meanI = shots.InPhase.Average(v => (double)v);
        double meanQ = shots.Quadrature.Average(v => (double)v);
        Assert.True(meanI > 0 && Math.Abs(meanQ) < 0.1 * meanI, $"matched weights rotate the ground cloud onto +I, got ({meanI:G3}, {meanQ:G3}) V");

        await digitizer.ClearIntegrationWeightsAsync(q0.ReadoutChannel);
        await Assert.ThrowsAsync<ArgumentException>(() => digitizer.SetIntegrationWeightsAsync(1, new Complex[999]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => digitizer.FetchAveragedTraceAsync(5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => digitizer.SetRecordLengthAsync(20_000));
    }
}
