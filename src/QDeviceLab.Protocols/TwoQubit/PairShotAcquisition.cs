using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.TwoQubit;

/// <summary>
/// Plays one compiled waveform on each qubit of a coupled pair, both starting together, and collects both
/// qubits' IQ points of every shot (one shot per play). The flux line's AWG is cleared, so the flux line
/// stays at 0 V. Every AWG involved runs before the digitizer is armed, so each triggered shot sees all lines.
/// </summary>
public static class PairShotAcquisition
{
    public static async Task<(IqShots A, IqShots B)> AcquireAsync(PairLines pair, IqWaveform a, IqWaveform b, int shots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var awgs = new List<IAwg>();
        foreach (var awg in new[] { pair.A.Awg, pair.B.Awg, pair.FluxAwg })
        {
            if (!awgs.Contains(awg))
            {
                awgs.Add(awg);
            }
        }

        foreach (var awg in awgs)
        {
            await awg.StopAsync(cancellationToken).ConfigureAwait(false);
            // One waveform set at a time keeps AWG memory bounded however long the sweep.
            await awg.DeleteAllWaveformsAsync(cancellationToken).ConfigureAwait(false);
        }

        await LoadAsync(pair.A, a, cancellationToken).ConfigureAwait(false);
        await LoadAsync(pair.B, b, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var awg in awgs.Where(w => w == pair.A.Awg || w == pair.B.Awg))
            {
                await awg.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            await pair.A.Digitizer.ArmAsync(shots, cancellationToken).ConfigureAwait(false);
            if (pair.B.Digitizer != pair.A.Digitizer)
            {
                await pair.B.Digitizer.ArmAsync(shots, cancellationToken).ConfigureAwait(false);
            }

            await pair.A.Digitizer.WaitForAcquisitionAsync(cancellationToken).ConfigureAwait(false);
            var shotsA = await pair.A.Digitizer.FetchIqAsync(pair.A.ReadoutChannel, cancellationToken).ConfigureAwait(false);
            if (pair.B.Digitizer != pair.A.Digitizer)
            {
                await pair.B.Digitizer.WaitForAcquisitionAsync(cancellationToken).ConfigureAwait(false);
            }

            var shotsB = await pair.B.Digitizer.FetchIqAsync(pair.B.ReadoutChannel, cancellationToken).ConfigureAwait(false);
            foreach (var awg in awgs)
            {
                await awg.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            return (shotsA, shotsB);
        }
        catch (Exception original) when (original is Core.QDeviceLabException or OperationCanceledException)
        {
            // Try not to leave the drives playing; the original failure is the one worth reporting.
            foreach (var awg in awgs)
            {
                try
                {
                    await awg.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Core.QDeviceLabException)
                {
                }
            }

            throw;
        }
    }

    private static async Task LoadAsync(QubitLines qubit, IqWaveform waveform, CancellationToken cancellationToken)
    {
        var awg = qubit.Awg;
        var inPhaseName = $"qdl_{qubit.Name}_i";
        var quadratureName = $"qdl_{qubit.Name}_q";
        await awg.UploadWaveformAsync(inPhaseName, waveform.InPhase, cancellationToken).ConfigureAwait(false);
        await awg.UploadWaveformAsync(quadratureName, waveform.Quadrature, cancellationToken).ConfigureAwait(false);
        await awg.AssignWaveformAsync(qubit.InPhaseChannel, inPhaseName, cancellationToken).ConfigureAwait(false);
        await awg.AssignWaveformAsync(qubit.QuadratureChannel, quadratureName, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(qubit.InPhaseChannel, true, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(qubit.QuadratureChannel, true, cancellationToken).ConfigureAwait(false);
    }
}
