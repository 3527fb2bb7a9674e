using QDeviceLab.Emulation.Physics;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>Which AWG channels drive a qubit and which digitizer channel reads it (from the station file).</summary>
internal sealed record QubitWiring(string Awg, int IChannel, int QChannel, string Digitizer, int ReadoutChannel);

/// <summary>One emulated transmon: its true physics, its readout and its wiring.</summary>
internal sealed class EmulatedQubit(string name, TransmonParameters physics, ReadoutModel readout, QubitWiring wiring)
{
    private TransmonPropagator? _propagator;

    public string Name { get; } = name;

    public TransmonParameters Physics { get; } = physics;

    public ReadoutModel Readout { get; } = readout;

    public QubitWiring Wiring { get; } = wiring;

    /// <summary>
    /// The propagator for the AWG's current sample interval and the bath's thermal occupation;
    /// rebuilt (cache dropped) when either changes, e.g. as the mixing chamber drifts.
    /// </summary>
    public TransmonPropagator PropagatorFor(double sampleInterval, double thermalOccupation)
    {
        if (_propagator is null || _propagator.SampleInterval != sampleInterval || _propagator.ThermalOccupation != thermalOccupation)
        {
            _propagator = new TransmonPropagator(Physics, sampleInterval, thermalOccupation);
        }

        return _propagator;
    }
}
