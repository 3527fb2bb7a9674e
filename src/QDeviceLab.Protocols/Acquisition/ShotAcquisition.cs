using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Acquisition;

/// <summary>
/// Plays one compiled waveform on a qubit's drive line and collects the digitizer's IQ point
/// for each shot: upload, assign, arm the digitizer, run the AWG (each play triggers a shot),
/// wait, fetch, stop.
/// </summary>
public static class ShotAcquisition
{
    public static async Task<IqShots> AcquireAsync(QubitLines qubit, IqWaveform waveform, int shots, CancellationToken cancellationToken)
    {
        await LoadAsync(qubit, waveform, cancellationToken).ConfigureAwait(false);
        return await RunAndFetchAsync(qubit, shots, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the AWG's waveforms with <paramref name="waveform"/>'s I and Q, assigned to the qubit's channels, outputs on.</summary>
    internal static async Task LoadAsync(QubitLines qubit, IqWaveform waveform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(waveform);
        var awg = qubit.Awg;
        await awg.StopAsync(cancellationToken).ConfigureAwait(false);
        if (awg is IAwgSequencer sequencer)
        {
            // A sequence left by RB on the sequencer (another qubit's channels) would name waveforms
            // deleted below, and the AWG refuses to run with it.
            await sequencer.DeleteAllSequencesAsync(cancellationToken).ConfigureAwait(false);
        }

        // One waveform pair at a time keeps AWG memory bounded however long the sweep.
        await awg.DeleteAllWaveformsAsync(cancellationToken).ConfigureAwait(false);
        var inPhaseName = $"qdl_{qubit.Name}_i";
        var quadratureName = $"qdl_{qubit.Name}_q";
        await awg.UploadWaveformAsync(inPhaseName, waveform.InPhase, cancellationToken).ConfigureAwait(false);
        await awg.UploadWaveformAsync(quadratureName, waveform.Quadrature, cancellationToken).ConfigureAwait(false);
        await awg.AssignWaveformAsync(qubit.InPhaseChannel, inPhaseName, cancellationToken).ConfigureAwait(false);
        await awg.AssignWaveformAsync(qubit.QuadratureChannel, quadratureName, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(qubit.InPhaseChannel, true, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(qubit.QuadratureChannel, true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// With the drive assigned and the outputs on: arm the digitizer, run the AWG (each play triggers
    /// a shot), wait, fetch, stop. Shared by plain waveforms and sequencer playback.
    /// </summary>
    internal static async Task<IqShots> RunAndFetchAsync(QubitLines qubit, int shots, CancellationToken cancellationToken)
    {
        var awg = qubit.Awg;
        await qubit.Digitizer.ArmAsync(shots, cancellationToken).ConfigureAwait(false);
        await awg.RunAsync(cancellationToken).ConfigureAwait(false);
        IqShots shotsTaken;
        try
        {
            await qubit.Digitizer.WaitForAcquisitionAsync(cancellationToken).ConfigureAwait(false);
            shotsTaken = await qubit.Digitizer.FetchIqAsync(qubit.ReadoutChannel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception original) when (original is Core.QDeviceLabException or OperationCanceledException)
        {
            // Try not to leave the drive playing; if the link is gone this fails too, and the
            // original failure is the one worth reporting.
            try
            {
                await awg.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Core.QDeviceLabException)
            {
            }

            throw;
        }

        await awg.StopAsync(cancellationToken).ConfigureAwait(false);
        return shotsTaken;
    }
}
