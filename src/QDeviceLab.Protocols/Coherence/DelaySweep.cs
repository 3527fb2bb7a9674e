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
        var allSettings = AcquisitionSettings.For(qubit, parameters.Shots, settings);
        var instruments = AcquisitionSettings.Instruments(qubit);

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

        async Task TakeAllAsync()
        {
            var (groundRow, excitedRow) = ShotsRow.SweepReferences;
            var (groundShots, excitedShots) = await BasisStatePreparation.AcquireAsync(qubit, parameters.Shots, recorder, groundRow, excitedRow, cancellationToken).ConfigureAwait(false);
            var discriminator = new StateDiscriminator(groundShots, excitedShots);
            discriminator.RequireSeparable(qubit.Name);
            reference = BasisStatePreparation.Reference(discriminator, parameters.Shots);

            for (var index = 0; index < parameters.Delays.Count; index++)
            {
                var builder = BasisStatePreparation.NewBuilder(qubit);
                var played = compile(builder, parameters.Delays[index]);
                var shots = await ShotAcquisition.AcquireAsync(qubit, builder.Build(), parameters.Shots, cancellationToken).ConfigureAwait(false);
                await recorder.AppendShotsAsync(index, "delay", played, shots).ConfigureAwait(false);
                points.Add(new DelayPoint(played, discriminator.CountExcited(shots), shots.Count));
            }
        }

        return await recorder.RecordAsync(TakeAllAsync, Snapshot).ConfigureAwait(false);
    }
}
