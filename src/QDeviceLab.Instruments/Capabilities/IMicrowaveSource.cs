namespace QDeviceLab.Instruments.Capabilities;

/// <summary>
/// A CW microwave source (a readout or drive LO): frequency, power, output. Protocols rarely touch
/// it; the station sets it up from the file's settings when it opens, and a scan or a fault study
/// can retune it.
/// </summary>
public interface IMicrowaveSource : IInstrument
{
    /// <summary>CW frequency in hertz, as the instrument reports it.</summary>
    Task<double> GetFrequencyAsync(CancellationToken cancellationToken = default);

    Task SetFrequencyAsync(double hertz, CancellationToken cancellationToken = default);

    /// <summary>Output level in dBm, as the instrument reports it.</summary>
    Task<double> GetPowerAsync(CancellationToken cancellationToken = default);

    Task SetPowerAsync(double dbm, CancellationToken cancellationToken = default);

    Task<bool> GetOutputAsync(CancellationToken cancellationToken = default);

    Task SetOutputAsync(bool enabled, CancellationToken cancellationToken = default);
}
