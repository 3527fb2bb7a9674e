using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Benchmarking;

namespace QDeviceLab.Protocols.Acquisition;

/// <summary>
/// Plays one compiled two-qubit sequence (both drives and the flux line) and reads both qubits in
/// the same acquisition: upload each line's samples, assign and enable the channels, run every AWG
/// of the pair, arm the digitizer last, wait, fetch both qubits' channels, stop.
/// </summary>
/// <remarks>
/// The digitizer is armed after the AWGs run because an armed digitizer triggers on the first AWG
/// that starts: arming first would read the pair before the second AWG (here the flux line's) plays.
/// Both qubits must be read by one digitizer so that one acquisition gives each shot's joint outcome.
/// </remarks>
public static class PairShotAcquisition
{
    public static async Task<(IqShots A, IqShots B)> AcquireAsync(PairLines pair, PairWaveforms waveforms, int shots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(waveforms);
        var digitizer = pair.A.Digitizer;
        if (!ReferenceEquals(digitizer, pair.B.Digitizer))
        {
            throw new MeasurementException($"pair {pair.Name}: {pair.A.Name} and {pair.B.Name} are read by different digitizers; joint shots need one acquisition on one digitizer");
        }

        var awgs = new[] { pair.A.Awg, pair.B.Awg, pair.FluxAwg }.Distinct().ToArray();
        foreach (var awg in awgs)
        {
            await awg.StopAsync(cancellationToken).ConfigureAwait(false);
            if (awg is IAwgSequencer sequencer)
            {
                // A sequence left by an earlier protocol (RB on the sequencer) would still drive its
                // channels and name waveforms deleted below; the AWG refuses to run like that.
                await sequencer.DeleteAllSequencesAsync(cancellationToken).ConfigureAwait(false);
            }

            // One set of waveforms at a time keeps AWG memory bounded however long the run.
            await awg.DeleteAllWaveformsAsync(cancellationToken).ConfigureAwait(false);
        }

        await LoadAsync(pair.A.Awg, pair.A.InPhaseChannel, $"qdl_{pair.A.Name}_i", waveforms.DriveA.InPhase, cancellationToken).ConfigureAwait(false);
        await LoadAsync(pair.A.Awg, pair.A.QuadratureChannel, $"qdl_{pair.A.Name}_q", waveforms.DriveA.Quadrature, cancellationToken).ConfigureAwait(false);
        await LoadAsync(pair.B.Awg, pair.B.InPhaseChannel, $"qdl_{pair.B.Name}_i", waveforms.DriveB.InPhase, cancellationToken).ConfigureAwait(false);
        await LoadAsync(pair.B.Awg, pair.B.QuadratureChannel, $"qdl_{pair.B.Name}_q", waveforms.DriveB.Quadrature, cancellationToken).ConfigureAwait(false);
        await LoadAsync(pair.FluxAwg, pair.FluxChannel, $"qdl_{pair.Name}_flux", waveforms.Flux, cancellationToken).ConfigureAwait(false);

        try
        {
            foreach (var awg in awgs)
            {
                await awg.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            await digitizer.ArmAsync(shots, cancellationToken).ConfigureAwait(false);
            await digitizer.WaitForAcquisitionAsync(cancellationToken).ConfigureAwait(false);
            var a = await digitizer.FetchIqAsync(pair.A.ReadoutChannel, cancellationToken).ConfigureAwait(false);
            var b = await digitizer.FetchIqAsync(pair.B.ReadoutChannel, cancellationToken).ConfigureAwait(false);
            foreach (var awg in awgs)
            {
                await awg.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            if (a.Count != b.Count)
            {
                throw new MeasurementException($"pair {pair.Name}: {digitizer.Name} returned {a.Count} shots of {pair.A.Name} but {b.Count} of {pair.B.Name} from one acquisition");
            }

            return (a, b);
        }
        catch (Exception original) when (original is QDeviceLabException or OperationCanceledException)
        {
            // Try not to leave the lines playing; if the link is gone this fails too, and the
            // original failure is the one worth reporting.
            foreach (var awg in awgs)
            {
                try
                {
                    await awg.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (QDeviceLabException)
                {
                }
            }

            throw;
        }
    }

    private static async Task LoadAsync(IAwg awg, int channel, string name, double[] volts, CancellationToken cancellationToken)
    {
        await awg.UploadWaveformAsync(name, volts, cancellationToken).ConfigureAwait(false);
        await awg.AssignWaveformAsync(channel, name, cancellationToken).ConfigureAwait(false);
        await awg.SetOutputAsync(channel, true, cancellationToken).ConfigureAwait(false);
    }
}
