using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>The readout LO: the microwave sources of the station and what they do to the readout.</summary>
internal sealed partial class EmulatedDevice
{
    private readonly Dictionary<string, Sgs100aEmulator> _sources = new(StringComparer.Ordinal);

    /// <summary>The station's readout LO (station file <c>emulator.readout_lo</c>); null: the readout needs none.</summary>
    public ReadoutLoConfiguration? ReadoutLo { get; set; }

    public void Attach(string name, Sgs100aEmulator source) => _sources.Add(name, source);

    /// <summary>
    /// The readout of <paramref name="qubit"/> as its digitizer sees it now: the station file's IQ
    /// centres times the gain of the downconversion (<see cref="ReadoutDownconversion"/>) when the
    /// qubit's digitizer is fed by the readout LO. Called under the device lock.
    /// </summary>
    public ReadoutModel ReadoutSeenBy(EmulatedQubit qubit)
    {
        if (ReadoutLo is not { } lo || !lo.Digitizers.Contains(qubit.Wiring.Digitizer, StringComparer.Ordinal)
            || !_sources.TryGetValue(lo.Source, out var source))
        {
            return qubit.Readout;
        }

        var gain = ReadoutDownconversion.Gain(source.OutputOn, source.Frequency, source.Power, lo, qubit.Readout.ResonatorLinewidth);
        return gain == System.Numerics.Complex.One ? qubit.Readout : qubit.Readout.Scaled(gain);
    }
}
