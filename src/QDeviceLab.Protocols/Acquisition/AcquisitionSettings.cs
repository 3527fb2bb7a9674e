using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Protocols.Acquisition;

/// <summary>
/// The settings and instrument identities every raw-data summary records, so a re-fit (or a
/// reader a year later) knows the calibration and hardware the data were taken with.
/// </summary>
internal static class AcquisitionSettings
{
    public static Dictionary<string, double> For(QubitLines qubit, int shots, IReadOnlyDictionary<string, double> protocolSettings) =>
        new(protocolSettings)
        {
            ["shots"] = shots,
            ["sample_rate"] = qubit.Awg.SampleRate,
            ["pi_amplitude"] = qubit.PiPulse.Amplitude,
            ["pi_duration"] = qubit.PiPulse.Duration,
            ["drag"] = qubit.PiPulse.Drag,
            ["awg_i_channel"] = qubit.InPhaseChannel,
            ["awg_q_channel"] = qubit.QuadratureChannel,
            ["digitizer_channel"] = qubit.ReadoutChannel,
        };

    public static Dictionary<string, string> Instruments(QubitLines qubit) => new()
    {
        [qubit.Awg.Name] = qubit.Awg.Identity.Raw,
        [qubit.Digitizer.Name] = qubit.Digitizer.Identity.Raw,
    };
}
