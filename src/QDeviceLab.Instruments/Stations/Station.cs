using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// An opened station: one driver per instrument, each identified by <c>*IDN?</c>, and the
/// wiring of every qubit as capability interfaces. Whether the instruments are real or
/// emulated is invisible here: all it has are resource strings.
/// </summary>
public sealed class Station : IAsyncDisposable
{
    private readonly Dictionary<string, ScpiInstrument> _instruments;

    private Station(StationDefinition definition, Dictionary<string, ScpiInstrument> instruments)
    {
        Definition = definition;
        _instruments = instruments;
    }

    public StationDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The opened instruments, in station-file order.</summary>
    public IReadOnlyList<IInstrument> Instruments =>
        Definition.Instruments.Keys.Select(name => (IInstrument)_instruments[name]).ToList();

    public IEnumerable<string> QubitNames => Definition.Qubits.Keys;

    /// <summary>
    /// Opens a session to every instrument and reads its identity. <paramref name="resourceOverrides"/>
    /// replaces station-file resources by instrument name (e.g. the ports an emulator was given).
    /// </summary>
    public static async Task<Station> OpenAsync(
        StationDefinition definition,
        IReadOnlyDictionary<string, string>? resourceOverrides = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var opened = new Dictionary<string, ScpiInstrument>(StringComparer.Ordinal);
        try
        {
            foreach (var instrument in definition.Instruments.Values)
            {
                var resource = resourceOverrides?.GetValueOrDefault(instrument.Name) ?? instrument.Resource;
                if (resource == InstrumentDefinition.EmulatedResource)
                {
                    throw new UserInputException(definition.FilePath, instrument.Line,
                        $"instrument '{instrument.Name}' is served by the station's emulator, which is not running");
                }

                var session = await MessageSession.OpenAsync(ResourceName.Parse(resource), null, cancellationToken).ConfigureAwait(false);
                if (timeout is { } t)
                {
                    session.Timeout = t;
                }

                var driver = DriverCatalog.Create(instrument, session);
                opened[instrument.Name] = driver;
                await driver.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            foreach (var driver in opened.Values)
            {
                await driver.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new Station(definition, opened);
    }

    /// <summary>The drive and readout lines of a qubit; an unknown name lists the known ones.</summary>
    public QubitLines Qubit(string name)
    {
        if (!Definition.Qubits.TryGetValue(name, out var qubit))
        {
            throw new MeasurementException(
                $"unknown qubit '{name}': station '{Name}' has {string.Join(", ", Definition.Qubits.Keys)}");
        }

        return new QubitLines(
            qubit.Name,
            (IAwg)_instruments[qubit.Drive.Awg],
            qubit.Drive.InPhaseChannel,
            qubit.Drive.QuadratureChannel,
            (IDigitizer)_instruments[qubit.Readout.Digitizer],
            qubit.Readout.Channel,
            qubit.PiPulse,
            qubit.ReadoutTime);
    }

    /// <summary>Reads the mixing-chamber thermometer named in the station's environment section.</summary>
    public Task<double> ReadMixingChamberTemperatureAsync(CancellationToken cancellationToken = default)
    {
        if (Definition.MixingChamber is not { } sensor)
        {
            throw new MeasurementException($"station '{Name}' names no mixing-chamber thermometer (environment.mixing_chamber)");
        }

        return ((ITemperatureMonitor)_instruments[sensor.Monitor]).ReadTemperatureAsync(sensor.Channel, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var driver in _instruments.Values)
        {
            await driver.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Everything a protocol needs to drive and read one qubit.</summary>
public sealed record QubitLines(
    string Name,
    IAwg Awg,
    int InPhaseChannel,
    int QuadratureChannel,
    IDigitizer Digitizer,
    int ReadoutChannel,
    PiPulseCalibration PiPulse,
    double ReadoutTime);
