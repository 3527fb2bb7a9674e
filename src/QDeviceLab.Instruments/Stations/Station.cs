using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;
using QDeviceLab.Visa.Tracing;

namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// An opened station: one driver per instrument, each identified by <c>*IDN?</c>, and the
/// wiring of every qubit as capability interfaces. Whether the instruments are real or
/// emulated is invisible here: all it has are resource strings.
/// </summary>
public sealed class Station : IAsyncDisposable
{
    private readonly Dictionary<string, ScpiInstrument> _instruments;

    private readonly Dictionary<string, string> _resources;
    private readonly TimeSpan? _timeout;
    private IIoTraceSink? _trace;

    private Station(StationDefinition definition, Dictionary<string, ScpiInstrument> instruments, Dictionary<string, string> resources, TimeSpan? timeout)
    {
        Definition = definition;
        _instruments = instruments;
        _resources = resources;
        _timeout = timeout;
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
    public static Task<Station> OpenAsync(
        StationDefinition definition,
        IReadOnlyDictionary<string, string>? resourceOverrides = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        OpenAsync(definition, resourceOverrides, timeout, trace: null, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(StationDefinition, IReadOnlyDictionary{string, string}?, TimeSpan?, CancellationToken)"/>,
    /// with every session (reopened ones too) recording its exchanges in <paramref name="trace"/> when given.
    /// </summary>
    public static async Task<Station> OpenAsync(
        StationDefinition definition,
        IReadOnlyDictionary<string, string>? resourceOverrides,
        TimeSpan? timeout,
        IIoTraceSink? trace,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var resources = definition.Instruments.Values.ToDictionary(
            i => i.Name,
            i => resourceOverrides?.GetValueOrDefault(i.Name) ?? i.Resource,
            StringComparer.Ordinal);
        var opened = new Dictionary<string, ScpiInstrument>(StringComparer.Ordinal);
        try
        {
            foreach (var instrument in definition.Instruments.Values)
            {
                if (resources[instrument.Name] == InstrumentDefinition.EmulatedResource)
                {
                    throw new UserInputException(definition.FilePath, instrument.Line,
                        $"instrument '{instrument.Name}' is served by the station's emulator, which is not running");
                }

                opened[instrument.Name] = await OpenDriverAsync(instrument, resources[instrument.Name], timeout, trace, cancellationToken).ConfigureAwait(false);
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

        return new Station(definition, opened, resources, timeout) { _trace = trace };
    }

    private static async Task<ScpiInstrument> OpenDriverAsync(InstrumentDefinition instrument, string resource, TimeSpan? timeout, IIoTraceSink? trace, CancellationToken cancellationToken)
    {
        // Serial settings only matter to ASRL resources; a Lake Shore 372 defaults to 9600 7O1. The
        // backend fields were checked against the resource when the station file was loaded.
        var options = new MessageSessionOptions
        {
            Serial = SerialSection.SettingsFor(instrument),
            Backend = instrument.Backend,
            VisaLibrary = instrument.VisaLibrary,
            UsbtmcDevice = instrument.UsbtmcDevice,
        };
        var session = await MessageSession.OpenAsync(ResourceName.Parse(resource), options, cancellationToken).ConfigureAwait(false);
        if (trace is not null)
        {
            session = session.WithTrace(trace);
        }

        if (timeout is { } t)
        {
            session.Timeout = t;
        }

        var driver = DriverCatalog.Create(instrument, session);
        try
        {
            await driver.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return driver;
    }

    /// <summary>
    /// Reopens every instrument whose link broke (a timeout or a dropped connection poisons a
    /// session for good), so one bad moment costs one scenario, not the rest of the run.
    /// Returns the names of the instruments reopened.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecoverBrokenInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        var reopened = new List<string>();
        foreach (var (name, driver) in _instruments.Where(kv => kv.Value.IsBroken).ToList())
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            _instruments[name] = await OpenDriverAsync(Definition.Instruments[name], _resources[name], _timeout, _trace, cancellationToken).ConfigureAwait(false);
            reopened.Add(name);
        }

        return reopened;
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

    /// <summary>The lines of a coupled pair: both qubits, the flux line and the CZ calibration; an unknown name lists the known ones.</summary>
    public PairLines Pair(string name)
    {
        if (!Definition.Pairs.TryGetValue(name, out var pair))
        {
            throw new MeasurementException(
                $"unknown pair '{name}': station '{Name}' has {(Definition.Pairs.Count == 0 ? "no coupled pairs (pairs:)" : string.Join(", ", Definition.Pairs.Keys))}");
        }

        return new PairLines(pair.Name, Qubit(pair.QubitA), Qubit(pair.QubitB), (IAwg)_instruments[pair.Flux.Awg], pair.Flux.Channel, pair.CzPulse);
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

/// <summary>Everything a two-qubit protocol needs: both qubits' lines, the flux line and the calibrated CZ.</summary>
public sealed record PairLines(
    string Name,
    QubitLines A,
    QubitLines B,
    IAwg FluxAwg,
    int FluxChannel,
    CzPulseCalibration CzPulse);
