namespace QDeviceLab.Instruments.Capabilities;

/// <summary>A cryostat thermometer readout (resistance bridge, temperature controller).</summary>
public interface ITemperatureMonitor : IInstrument
{
    /// <summary>Reads the temperature of a sensor channel, in kelvin.</summary>
    Task<double> ReadTemperatureAsync(string channel, CancellationToken cancellationToken = default);
}
