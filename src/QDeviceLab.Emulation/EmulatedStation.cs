using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Emulation.Servers;
using QDeviceLab.Emulation.Servers.Serial;
using QDeviceLab.Emulation.Servers.HiSlip;
using QDeviceLab.Emulation.Servers.Vxi11;

namespace QDeviceLab.Emulation;

/// <summary>
/// A running digital twin of a station file: one emulated instrument per entry of
/// <c>instruments</c>, each served on its own 127.0.0.1 port. The harness reaches it only
/// through <see cref="Resources"/>, exactly as it would reach real instruments. The same
/// instruments also answer over VXI-11 (<see cref="Vxi11Resources"/>), one server for the station.
/// </summary>
public sealed class EmulatedStation : IAsyncDisposable
{
    private readonly EmulatedDevice _device;
    private readonly List<ScpiSocketServer> _servers;
    private readonly Dictionary<string, QubitTruth> _truth;
    private Vxi11Server? _vxi11;
    private HiSlipServer? _hiSlip;
    private List<ScpiSerialServer> _serialServers = [];

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

    /// <summary>
    /// Instrument name -> <c>TCPIP0::127.0.0.1::&lt;name&gt;::INSTR</c>: the same instruments over VXI-11,
    /// found through the portmapper on <see cref="PortmapperPort"/> (<c>inst0</c> is the first instrument).
    /// </summary>
    public IReadOnlyDictionary<string, string> Vxi11Resources { get; private init; } = new Dictionary<string, string>();

    /// <summary>
    /// Instrument name -> <c>ASRL/dev/pts/N::INSTR</c> for the instruments asked for with <see cref="SerialLines"/>
    /// (empty by default): the same instruments over a pseudo-terminal serial line, 8N1.
    /// </summary>
    public IReadOnlyDictionary<string, string> SerialResources { get; private init; } = new Dictionary<string, string>();

    /// <summary>
    /// Instrument name -> <c>TCPIP0::127.0.0.1::hislip&lt;n&gt;,&lt;port&gt;::INSTR</c>: the same instruments over
    /// HiSLIP, one server on one ephemeral port for the station, the sub-address <c>hislip&lt;n&gt;</c> picking the
    /// n-th instrument in station order.
    /// </summary>
    public IReadOnlyDictionary<string, string> HiSlipResources { get; private init; } = new Dictionary<string, string>();

    /// <summary>The VXI-11 portmapper's port: the one asked for in <see cref="Start(string, int?, int)"/> when it could be bound (111 needs root), else ephemeral.</summary>
    public int PortmapperPort => _vxi11?.PortmapperPort ?? 0;

    /// <summary>True when acquisitions take their device time of wall time (station file <c>emulator.clock: realtime</c>).</summary>
    public bool RealtimeClock => _device.Clock.Mode == ClockMode.Realtime;

    /// <summary>Emulated time in seconds since the station started (messages, acquisitions).</summary>
    public double EmulatedSeconds
    {
        get
        {
            lock (_device.SyncRoot)
            {
                return _device.Clock.Now;
            }
        }
    }

    /// <summary>Names of the emulated qubits, in station-file order.</summary>
    public IReadOnlyList<string> QubitNames => [.. _device.Qubits.Select(q => q.Name)];

    /// <summary>
    /// Reads and validates <paramref name="stationFilePath"/> and starts the servers.
    /// A bad file throws <see cref="QDeviceLab.Core.UserInputException"/> naming file, line and field.
    /// </summary>
    public static EmulatedStation Start(string stationFilePath, int? seedOverride = null) => Start(stationFilePath, seedOverride, portmapperPort: 0);

    /// <summary>
    /// As <see cref="Start(string, int?)"/>, with the VXI-11 portmapper on <paramref name="portmapperPort"/>
    /// when it can be bound, else on an ephemeral port (<see cref="PortmapperPort"/> says which).
    /// <c>qdlab emulate</c> asks for 111, where VISA clients look; 0 (the default) never contends for it.
    /// </summary>
    public static EmulatedStation Start(string stationFilePath, int? seedOverride, int portmapperPort) =>
        Start(stationFilePath, seedOverride, portmapperPort, SerialLines.None);

    /// <summary>
    /// As <see cref="Start(string, int?, int)"/>, also serving the instruments <paramref name="serialLines"/> picks
    /// over pseudo-terminal serial lines (<see cref="SerialResources"/>); that needs socat, see <see cref="SerialLinesAvailable"/>.
    /// </summary>
    public static EmulatedStation Start(string stationFilePath, int? seedOverride, int portmapperPort, SerialLines serialLines) =>
        Start(stationFilePath, seedOverride, portmapperPort, serialLines, wellKnownPorts: false);

    /// <summary>
    /// As <see cref="Start(string, int?, int, SerialLines)"/>; with <paramref name="wellKnownPorts"/> each
    /// instrument's SOCKET server asks for its model's own port first (<see cref="WellKnownPort"/>: Lake
    /// Shore 372 on 7777, Triton on 33576), falling back to an ephemeral port when it is taken. Tests leave it off.
    /// </summary>
    public static EmulatedStation Start(string stationFilePath, int? seedOverride, int portmapperPort, SerialLines serialLines, bool wellKnownPorts)
    {
        ArgumentNullException.ThrowIfNull(serialLines);
        ArgumentNullException.ThrowIfNull(stationFilePath);
        var config = StationConfiguration.Read(stationFilePath);
        long seed = seedOverride ?? config.Seed;
        var emulatedQubits = config.Qubits.Select(q => new EmulatedQubit(q.Name, q.Physics, q.Readout, q.Wiring)).ToList();
        var device = new EmulatedDevice(
            seed,
            config.BuildMixingChamber(seed),
            emulatedQubits,
            config.Couplings.Select(c => CouplingFor(c, emulatedQubits)))
        {
            ReadoutLo = config.ReadoutLo,
        };
        device.Clock.Mode = config.Clock;

        var servers = new List<ScpiSocketServer>();
        var resources = new Dictionary<string, string>(StringComparer.Ordinal);
        var vxi11Devices = new List<(string Name, ScpiInstrument Instrument)>();
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
                    EmulatedModels.Sgs100a => Attach(device, entry.Name, new Sgs100aEmulator(device, serial), config.ReadoutLo),
                    EmulatedModels.Triton => new TritonEmulator(
                        device,
                        entry.Name,
                        serial,
                        entry.Name == config.MixingChamberMonitor ? config.MixingChamberChannel : TritonEmulator.DefaultMixingChamberChannel,
                        config.TemperatureNoise),
                    _ => new LakeShore372Emulator(
                        device,
                        entry.Name,
                        serial,
                        entry.Name == config.MixingChamberMonitor ? config.MixingChamberChannel : string.Empty,
                        config.TemperatureNoise),
                };
                instrument.Faults = config.FaultsFor(entry.Name, seed);
                var server = ScpiSocketServer.Start(instrument, wellKnownPorts ? WellKnownPort(entry.Model) : 0);
                servers.Add(server);
                resources[entry.Name] = server.Resource;
                vxi11Devices.Add((entry.Name, instrument));
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
                device.MixingChamber.SetPoint,
                Physics.Thermal.ExcitedPopulation(q.Physics.FrequencyHz, device.MixingChamber.SetPoint),
                q.Readout.P0Given1,
                q.Readout.P1Given0,
                q.Readout.GroundI,
                q.Readout.GroundQ,
                q.Readout.ExcitedI,
                q.Readout.ExcitedQ,
                q.Readout.Noise),
            StringComparer.Ordinal);
        // One VXI-11 server for the whole station, driving the same instrument objects.
        var vxi11 = Vxi11Server.Start(vxi11Devices, portmapperPort);
        var serialServers = StartSerialServers(config, vxi11Devices, serialLines, vxi11, servers);
        // One HiSLIP server for the whole station too, on the same instrument objects.
        var hiSlip = HiSlipServer.Start(vxi11Devices);
        return new EmulatedStation(stationFilePath, device, servers, resources, truth)
        {
            _vxi11 = vxi11,
            _hiSlip = hiSlip,
            HiSlipResources = vxi11Devices.ToDictionary(d => d.Name, d => hiSlip.ResourceFor(d.Name), StringComparer.Ordinal),
            _serialServers = [.. serialServers.Select(s => s.Server)],
            SerialResources = serialServers.ToDictionary(s => s.Name, s => s.Server.Resource, StringComparer.Ordinal),
            Vxi11Resources = vxi11Devices.ToDictionary(d => d.Name, d => Vxi11Server.ResourceFor(d.Name), StringComparer.Ordinal),
        };
    }

    /// <summary>The true coupling of every coupled pair (static ZZ and flux coefficients), by pair name.</summary>
    public IReadOnlyDictionary<string, CouplingTruth> CouplingTruths =>
        _device.Couplings.ToDictionary(
            c => c.Name,
            c => new CouplingTruth(c.Name, c.A.Name, c.B.Name, c.Physics.StaticZzHz, c.Physics.ZzPerVoltSquared, c.Physics.ShiftAPerVoltSquared, c.Physics.ShiftBPerVoltSquared),
            StringComparer.Ordinal);

    /// <summary>The true parameters of <paramref name="qubitName"/>.</summary>
    public QubitTruth TruthFor(string qubitName) =>
        _truth.TryGetValue(qubitName, out var truth)
            ? truth
            : throw new ArgumentException($"The station has no qubit '{qubitName}'; it has {string.Join(", ", _truth.Keys)}.", nameof(qubitName));

    /// <summary>
    /// The exact RB truth of <paramref name="qubitName"/> for the Clifford set whose played volts are
    /// <paramref name="inPhaseVolts"/>[g] and <paramref name="quadratureVolts"/>[g] (one entry per group
    /// element, in any order; the caller compiles them, so the emulator need not know the pulse compiler).
    /// Each Clifford's channel is the same exact evolution a play gets (T1 with the bath at the current
    /// mixing-chamber temperature, T_phi, detuning, drive-amplitude error and depolarizing while driven),
    /// with the samples rounded to the AWG's float format at <paramref name="fullScaleVolts"/> as the
    /// driver uploads them; the ideal Clifford of each channel is its nearest signed permutation. Cliffords
    /// play back to back in an RB sequence, so no gap is added. A qubit of a coupled pair is evolved alone:
    /// its partner sits in |0> (thermal excitation ~1e-9 at 12 mK), where the ZZ term does nothing.
    /// </summary>
    public RbTruth RbTruthFor(string qubitName, IReadOnlyList<double[]> inPhaseVolts, IReadOnlyList<double[]> quadratureVolts, double sampleRate, double fullScaleVolts)
    {
        ArgumentNullException.ThrowIfNull(inPhaseVolts);
        ArgumentNullException.ThrowIfNull(quadratureVolts);
        _ = TruthFor(qubitName);
        if (inPhaseVolts.Count != quadratureVolts.Count || inPhaseVolts.Count == 0)
        {
            throw new ArgumentException($"need I and Q samples for every Clifford, got {inPhaseVolts.Count} and {quadratureVolts.Count}", nameof(quadratureVolts));
        }

        if (!(sampleRate > 0) || !(fullScaleVolts > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), $"sample rate {sampleRate} S/s and full scale {fullScaleVolts} V must be positive");
        }

        var qubit = _device.Qubits.First(q => q.Name == qubitName);
        var occupation = Thermal.BoseOccupation(qubit.Physics.FrequencyHz, _device.MixingChamberTemperature);
        var propagator = new TransmonPropagator(qubit.Physics, 1 / sampleRate, occupation);
        var noisy = new List<double[]>();
        var ideal = new List<double[]>();
        var infidelity = 0.0;
        Span<double> map = stackalloc double[BlochMap.Length];
        for (var g = 0; g < inPhaseVolts.Count; g++)
        {
            var drive = new DriveSamples(AsPlayed(inPhaseVolts[g], fullScaleVolts), fullScaleVolts, AsPlayed(quadratureVolts[g], fullScaleVolts), fullScaleVolts);
            propagator.ChannelOf(drive, map);
            var ptm = RbDecay.Ptm(map);
            var target = RbDecay.NearestClifford(ptm);
            noisy.Add(ptm);
            ideal.Add(target);
            var overlap = 0.0;
            for (var k = 0; k < 16; k++)
            {
                overlap += ptm[k] * target[k];
            }

            infidelity += 1 - ((overlap / 2) + 1) / 3;
        }

        var p = RbDecay.DecayParameter(noisy, ideal);
        return new RbTruth(qubitName, p, (1 - p) / 2, infidelity / inPhaseVolts.Count);
    }

    private static float[] AsPlayed(double[] volts, double fullScale)
    {
        var samples = new float[volts.Length];
        for (var i = 0; i < volts.Length; i++)
        {
            samples[i] = (float)(volts[i] / fullScale);
        }

        return samples;
    }

    /// <summary>The TCP port a model listens on in the lab (0: none of its own): Lake Shore 372 7777, Oxford Triton 33576.</summary>
    public static int WellKnownPort(string model) => model switch
    {
        EmulatedModels.LakeShore372 => 7777,
        EmulatedModels.Triton => 33576,
        _ => 0,
    };

    /// <summary>Whether this machine can serve serial lines (pseudo-terminals made by socat).</summary>
    public static bool SerialLinesAvailable => ScpiSerialServer.IsAvailable;

    /// <summary>Stops every server and closes their connections.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var serial in _serialServers)
        {
            await serial.DisposeAsync().ConfigureAwait(false);
        }

        if (_hiSlip is not null)
        {
            await _hiSlip.DisposeAsync().ConfigureAwait(false);
        }

        if (_vxi11 is not null)
        {
            await _vxi11.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static List<(string Name, ScpiSerialServer Server)> StartSerialServers(
        StationConfiguration config,
        List<(string Name, ScpiInstrument Instrument)> instruments,
        SerialLines serialLines,
        Vxi11Server vxi11,
        List<ScpiSocketServer> socketServers)
    {
        var started = new List<(string Name, ScpiSerialServer Server)>();
        try
        {
            foreach (var entry in config.Instruments.Where(e => serialLines.Includes(e.Name, e.Model)))
            {
                var instrument = instruments.First(i => i.Name == entry.Name).Instrument;
                started.Add((entry.Name, ScpiSerialServer.StartAsync(instrument).GetAwaiter().GetResult()));
            }

            return started;
        }
        catch
        {
            // Leave nothing running: socat children, VXI-11 and socket servers.
            foreach (var (_, server) in started)
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            vxi11.DisposeAsync().AsTask().GetAwaiter().GetResult();
            foreach (var server in socketServers)
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }
    }

    private static EmulatedCoupling CouplingFor(CouplingEntry c, List<EmulatedQubit> qubits)
    {
        var a = qubits.First(q => q.Name == c.QubitA);
        var b = qubits.First(q => q.Name == c.QubitB);
        return new EmulatedCoupling(c.Name, a, b, CouplingReader.Physics(c, a.Physics, b.Physics), c.Flux);
    }

    private static Awg5208Emulator Attach(EmulatedDevice device, string name, Awg5208Emulator awg)
    {
        device.Attach(name, awg);
        return awg;
    }

    private static Sgs100aEmulator Attach(EmulatedDevice device, string name, Sgs100aEmulator source, Physics.ReadoutLoConfiguration? readoutLo)
    {
        device.Attach(name, source);
        if (readoutLo is not null && readoutLo.Source == name)
        {
            source.LeaveAsCalibrated(readoutLo.CalibratedFrequency, readoutLo.CalibratedPower);
        }

        return source;
    }

    private static DigIq4Emulator Attach(EmulatedDevice device, DigIq4Emulator digitizer)
    {
        device.Attach(digitizer);
        return digitizer;
    }
}
