using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.Pulses;
using QDeviceLab.Protocols.RawData;
using QDeviceLab.Protocols.Readout;

namespace QDeviceLab.Protocols.Coherence;

/// <summary>
/// The acquisition stage shared by T1, Ramsey and echo: take |0> and |1> readout references,
/// then for each delay compile the sequence, play it, and count excited shots. Raw shots are
/// recorded as they arrive and the summary is written before the caller fits anything; when
/// the link drops mid-sweep the summary still lands, marked incomplete.
/// </summary>
internal static class DelaySweep
{
    /// <summary>Compiles the sequence for one nominal delay into <paramref name="builder"/>; returns the delay actually played.</summary>
    public delegate double SequenceCompiler(PulseSequenceBuilder builder, double delay);

    public static async Task<DelaySweepData> AcquireAsync(
        string protocol,
        QubitLines qubit,
        DelaySweepParameters parameters,
        IReadOnlyDictionary<string, double> settings,
        SequenceCompiler compile,
        RawDataRecorder recorder,
        CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var points = new List<DelayPoint>(parameters.Delays.Count);
        ReadoutReference? reference = null;
        var allSettings = new Dictionary<string, double>(settings)
        {
            ["shots"] = parameters.Shots,
            ["sample_rate"] = qubit.Awg.SampleRate,
            ["pi_amplitude"] = qubit.PiPulse.Amplitude,
            ["pi_duration"] = qubit.PiPulse.Duration,
            ["awg_i_channel"] = qubit.InPhaseChannel,
            ["awg_q_channel"] = qubit.QuadratureChannel,
            ["digitizer_channel"] = qubit.ReadoutChannel,
        };
        var instruments = new Dictionary<string, string>
        {
            [qubit.Awg.Name] = qubit.Awg.Identity.Raw,
            [qubit.Digitizer.Name] = qubit.Digitizer.Identity.Raw,
        };

        DelaySweepData Snapshot(bool complete) => new()
        {
            Protocol = protocol,
            Qubit = qubit.Name,
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Complete = complete,
            Settings = allSettings,
            Instruments = instruments,
            Reference = reference,
            Points = points.ToArray(),
            ShotsFile = Path.GetFileName(recorder.ShotsPath),
        };

        try
        {
            var groundShots = await ShotAcquisition.AcquireAsync(qubit, NewBuilder(qubit).Idle(qubit.PiPulse.Duration), parameters.Shots, cancellationToken).ConfigureAwait(false);
            await recorder.AppendShotsAsync(-2, "reference_0", 0, groundShots).ConfigureAwait(false);
            var excitedBuilder = NewBuilder(qubit).Rotate(Math.PI).Build();
            var excitedShots = await ShotAcquisition.AcquireAsync(qubit, excitedBuilder, parameters.Shots, cancellationToken).ConfigureAwait(false);
            await recorder.AppendShotsAsync(-1, "reference_1", 0, excitedShots).ConfigureAwait(false);
            var discriminator = new StateDiscriminator(groundShots, excitedShots);
            reference = new ReadoutReference(discriminator.GroundI, discriminator.GroundQ, discriminator.ExcitedI, discriminator.ExcitedQ, discriminator.AssignmentFidelity, parameters.Shots);

            for (var index = 0; index < parameters.Delays.Count; index++)
            {
                var builder = NewBuilder(qubit);
                var played = compile(builder, parameters.Delays[index]);
                var shots = await ShotAcquisition.AcquireAsync(qubit, builder.Build(), parameters.Shots, cancellationToken).ConfigureAwait(false);
                await recorder.AppendShotsAsync(index, "delay", played, shots).ConfigureAwait(false);
                points.Add(new DelayPoint(played, discriminator.CountExcited(shots), shots.Count));
            }
        }
        catch
        {
            await recorder.WriteSummaryAsync(Snapshot(complete: false)).ConfigureAwait(false);
            throw;
        }

        var data = Snapshot(complete: true);
        await recorder.WriteSummaryAsync(data).ConfigureAwait(false);
        return data;
    }

    private static PulseSequenceBuilder NewBuilder(QubitLines qubit) => new(qubit.Awg.SampleRate, qubit.PiPulse);

    private static IqWaveform Idle(this PulseSequenceBuilder builder, double seconds)
    {
        builder.Wait(seconds);
        return builder.Build();
    }
}
