using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Emulation.Servers;

namespace QDeviceLab.Emulation;

/// <summary>
/// A running digital twin of a station file: one emulated instrument per entry of
/// <c>instruments</c>, each served on its own 127.0.0.1 port. The harness reaches it only
/// through <see cref="Resources"/>, exactly as it would reach real instruments.
/// </summary>
public sealed class EmulatedStation : IAsyncDisposable
{
    private readonly EmulatedDevice _device;
    private readonly List<ScpiSocketServer> _servers;
    private readonly Dictionary<string, QubitTruth> _truth;

    private EmulatedStation(string file, EmulatedDevice device, List<ScpiSocketServer> servers, Dictionary<string, string> resources, Dictionary<string, QubitTruth> truth)
    {
        StationFile = file;
        _device = device;
        _servers = servers;
        Resources = resources;
        _truth = truth;
    }

    /// <summary>Path of the station file this twin was built from.</summary>
    public string StationFile { get; }

    /// <summary>The seed in use (the station file's <c>emulator.seed</c> unless overridden).</summary>
    public long Seed => _device.Seed;

    /// <summary>Instrument name -> <c>TCPIP0::127.0.0.1::&lt;port&gt;::SOCKET</c>.</summary>
    public IReadOnlyDictionary<string, string> Resources { get; }

    /// <summary>Names of the emulated qubits, in station-file order.</summary>
    public IReadOnlyList<string> QubitNames => [.. _device.Qubits.Select(q => q.Name)];

    /// <summary>
    /// Reads and validates <paramref name="stationFilePath"/> and starts the servers.
    /// A bad file throws <see cref="QDeviceLab.Core.UserInputException"/> naming file, line and field.
    /// </summary>
    public static EmulatedStation Start(string stationFilePath, int? seedOverride = null)
    {
        ArgumentNullException.ThrowIfNull(stationFilePath);
        var config = StationConfiguration.Read(stationFilePath);
        long seed = seedOverride ?? config.Seed;
        var device = new EmulatedDevice(
            seed,
            config.MixingChamberTemperature,
            config.Qubits.Select(q => new EmulatedQubit(q.Name, q.Physics, q.Readout, q.Wiring)));

        var servers = new List<ScpiSocketServer>();
        var resources = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            int index = 0;
            foreach (var entry in config.Instruments)
            {
                string serial = $"QDL{++index:D2}{Math.Abs(seed % 100000):D5}";
                ScpiInstrument instrument = entry.Model switch
                {
                    EmulatedModels.Awg5208 => Attach(device, entry.Name, new Awg5208Emulator(device, serial)),
                    EmulatedModels.DigIq4 => Attach(device, new DigIq4Emulator(device, entry.Name, serial)),
                    _ => new LakeShore372Emulator(
                        device,
                        entry.Name,
                        serial,
                        entry.Name == config.MixingChamberMonitor ? config.MixingChamberChannel : string.Empty,
                        config.TemperatureNoise),
                };
                var server = ScpiSocketServer.Start(instrument);
                servers.Add(server);
                resources[entry.Name] = server.Resource;
            }
        }
        catch
        {
            foreach (var server in servers)
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        var truth = device.Qubits.ToDictionary(
            q => q.Name,
            q => new QubitTruth(
                q.Name,
                q.Physics.FrequencyHz,
                q.Physics.DetuningHz,
                q.Physics.RabiRatePerVolt,
                q.Physics.T1,
                q.Physics.T2Star,
                q.Physics.PureDephasingRate,
                device.MixingChamberTemperature,
                device.ThermalExcitedPopulation(q),
                q.Readout.P0Given1,
                q.Readout.P1Given0,
                q.Readout.GroundI,
                q.Readout.GroundQ,
                q.Readout.ExcitedI,
                q.Readout.ExcitedQ,
                q.Readout.Noise),
            StringComparer.Ordinal);
        return new EmulatedStation(stationFilePath, device, servers, resources, truth);
    }

    /// <summary>The true parameters of <paramref name="qubitName"/>.</summary>
    public QubitTruth TruthFor(string qubitName) =>
        _truth.TryGetValue(qubitName, out var truth)
            ? truth
            : throw new ArgumentException($"The station has no qubit '{qubitName}'; it has {string.Join(", ", _truth.Keys)}.", nameof(qubitName));

    /// <summary>Stops every server and closes their connections.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Awg5208Emulator Attach(EmulatedDevice device, string name, Awg5208Emulator awg)
    {
        device.Attach(name, awg);
        return awg;
    }

    private static DigIq4Emulator Attach(EmulatedDevice device, DigIq4Emulator digitizer)
    {
        device.Attach(digitizer);
        return digitizer;
    }
}
