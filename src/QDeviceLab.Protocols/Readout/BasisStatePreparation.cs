using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.Pulses;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Readout;

/// <summary>
/// Prepares |0> (an idle as long as a pi pulse, so both preparations take the same time before
/// readout) and |1> (the calibrated pi pulse) and reads each out: the readout references of
/// every sweep, and the whole of the assignment-fidelity measurement.
/// </summary>
internal static class BasisStatePreparation
{
    public static PulseSequenceBuilder NewBuilder(QubitLines qubit) => new(qubit.Awg.SampleRate, qubit.PiPulse);

    public static IqWaveform Ground(QubitLines qubit)
    {
        var builder = NewBuilder(qubit);
        builder.Wait(qubit.PiPulse.Duration);
        return builder.Build();
    }

    public static IqWaveform Excited(QubitLines qubit) => NewBuilder(qubit).Rotate(Math.PI).Build();

    /// <summary>Reads <paramref name="shots"/> shots of each basis state, recording each under its shots-file row.</summary>
    public static async Task<(IqShots Ground, IqShots Excited)> AcquireAsync(
        QubitLines qubit, int shots, RawDataRecorder recorder, ShotsRow groundRow, ShotsRow excitedRow, CancellationToken cancellationToken)
    {
        var ground = await ShotAcquisition.AcquireAsync(qubit, Ground(qubit), shots, cancellationToken).ConfigureAwait(false);
        await recorder.AppendShotsAsync(groundRow.Point, groundRow.Label, groundRow.SweepValue, ground).ConfigureAwait(false);
        var excited = await ShotAcquisition.AcquireAsync(qubit, Excited(qubit), shots, cancellationToken).ConfigureAwait(false);
        await recorder.AppendShotsAsync(excitedRow.Point, excitedRow.Label, excitedRow.SweepValue, excited).ConfigureAwait(false);
        return (ground, excited);
    }

    public static ReadoutReference Reference(StateDiscriminator discriminator, int shots) =>
        new(discriminator.GroundI, discriminator.GroundQ, discriminator.ExcitedI, discriminator.ExcitedQ, discriminator.AssignmentFidelity, shots);
}

/// <summary>How a block of shots is labelled in the shots file: point index, label, swept value.</summary>
internal readonly record struct ShotsRow(int Point, string Label, double SweepValue)
{
    /// <summary>The rows sweeps have always used for their references (points -2 and -1, swept value 0).</summary>
    public static (ShotsRow Ground, ShotsRow Excited) SweepReferences => (new(-2, "reference_0", 0), new(-1, "reference_1", 0));
}
