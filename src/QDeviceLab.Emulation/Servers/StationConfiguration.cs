using QDeviceLab.Emulation.Faults;
using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Physics;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Emulation.Servers;

/// <summary>Instrument models the emulator can serve, by the station file's <c>model</c> text.</summary>
internal static class EmulatedModels
{
    public const string Awg5208 = "Tektronix AWG5208";
    public const string DigIq4 = "QDeviceLab DIG-IQ4";
    public const string LakeShore372 = "Lake Shore 372";
    public const string Sgs100a = "Rohde & Schwarz SGS100A";
    public const string Triton = "Oxford Instruments Triton";

    public static readonly string[] All = [Awg5208, DigIq4, LakeShore372, Sgs100a, Triton];
}

internal sealed record InstrumentEntry(string Name, string Model);

internal sealed record QubitEntry(string Name, TransmonParameters Physics, ReadoutModel Readout, QubitWiring Wiring);

/// <summary>What the emulator takes from a station file, validated.</summary>
internal sealed record StationConfiguration(
    string File,
    IReadOnlyList<InstrumentEntry> Instruments,
    IReadOnlyList<QubitEntry> Qubits,
    string MixingChamberMonitor,
    string MixingChamberChannel,
    long Seed,
    double MixingChamberTemperature,
    double TemperatureNoise,
    TemperatureDrift TemperatureDrift,
    IReadOnlyList<Fault> Faults)
{
    public const double DefaultTemperatureNoise = 1e-3;

    /// <summary><c>emulator.clock</c>: <c>fast</c> (default) or <c>realtime</c>.</summary>
    public ClockMode Clock { get; init; } = ClockMode.Fast;

    /// <summary>The readout LO (<c>emulator.readout_lo</c>); null when the station file has none.</summary>
    public ReadoutLoConfiguration? ReadoutLo { get; init; }

    /// <summary>Coupled pairs (<c>pairs</c> and <c>emulator.couplings</c>); empty when the file has none.</summary>
    public IReadOnlyList<CouplingEntry> Couplings { get; init; } = [];

    /// <summary>The mixing chamber: set point, seeded drift and the excursions of <see cref="Faults"/>.</summary>
    public MixingChamber BuildMixingChamber(long seed)
    {
        var chamber = new MixingChamber(MixingChamberTemperature, TemperatureDrift, seed);
        foreach (var e in Faults.OfType<TemperatureExcursionFault>())
        {
            chamber.Add(new TemperatureExcursion(e.Peak, e.Start, e.End));
        }

        return chamber;
    }

    /// <summary>The faults of one instrument, with their counters at zero.</summary>
    public InstrumentFaults FaultsFor(string instrument, long seed)
    {
        var mine = Faults.Where(f => f.Instrument == instrument && f is not TemperatureExcursionFault).ToList();
        return mine.Count == 0 ? InstrumentFaults.None : new InstrumentFaults(instrument, seed, mine);
    }

    public static StationConfiguration Read(string file)
    {
        var y = StationYaml.Load(file);
        var root = y.Root;

        var instruments = new List<InstrumentEntry>();
        var instrumentsNode = y.Mapping(root, "instruments", "");
        foreach (var (keyNode, value) in instrumentsNode.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            string path = $"instruments.{name}";
            if (value is not YamlMappingNode instrument)
            {
                throw y.Error(value, path, $"expected a mapping with 'model' and 'resource', got {StationYaml.Describe(value)}");
            }

            string model = y.String(instrument, "model", path);
            if (!EmulatedModels.All.Contains(model, StringComparer.Ordinal))
            {
                throw y.Error(y.Required(instrument, "model", path), $"{path}.model",
                    $"the emulator has no model '{model}'; expected one of: {string.Join(", ", EmulatedModels.All)}");
            }

            instruments.Add(new InstrumentEntry(name, model));
        }

        string ExpectInstrument(YamlMappingNode parent, string key, string path, string model)
        {
            string name = y.String(parent, key, path);
            if (!instruments.Any(i => i.Name == name && i.Model == model))
            {
                throw y.Error(y.Required(parent, key, path), $"{path}.{key}", $"expected the name of an instrument of model '{model}', got '{name}'");
            }

            return name;
        }

        var environment = y.Mapping(root, "environment", "");
        var mixingChamber = y.Mapping(environment, "mixing_chamber", "environment");
        // Either thermometer reads the one mixing-chamber model: a Lake Shore 372 input or a Triton thermometer.
        string monitor = y.String(mixingChamber, "monitor", "environment.mixing_chamber");
        string? monitorModel = instruments.FirstOrDefault(i => i.Name == monitor)?.Model;
        if (monitorModel is not (EmulatedModels.LakeShore372 or EmulatedModels.Triton))
        {
            throw y.Error(y.Required(mixingChamber, "monitor", "environment.mixing_chamber"), "environment.mixing_chamber.monitor",
                $"expected the name of an instrument of model '{EmulatedModels.LakeShore372}' or '{EmulatedModels.Triton}', got '{monitor}'");
        }

        string mcChannel = y.String(mixingChamber, "channel", "environment.mixing_chamber").ToUpperInvariant();
        var channelNode = y.Required(mixingChamber, "channel", "environment.mixing_chamber");
        if (monitorModel == EmulatedModels.Triton)
        {
            if (!(mcChannel.Length > 1 && mcChannel[0] == 'T' && int.TryParse(mcChannel.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int uid) && uid is >= 1 and <= 16))
            {
                throw y.Error(channelNode, "environment.mixing_chamber.channel", $"expected a Triton thermometer T1..T16, got '{mcChannel}'");
            }

            mcChannel = "T" + int.Parse(mcChannel.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            if (mcChannel != "A" && !(int.TryParse(mcChannel, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int mcNumber) && mcNumber is >= 1 and <= LakeShore372Emulator.Channels))
            {
                throw y.Error(channelNode, "environment.mixing_chamber.channel", $"expected a bridge input 1..16 or A, got '{mcChannel}'");
            }

            if (mcChannel != "A")
            {
                mcChannel = int.Parse(mcChannel, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var emulator = y.Mapping(root, "emulator", "");
        long seed = y.Integer(emulator, "seed", "emulator", int.MinValue, int.MaxValue);
        double mcTemperature = y.Number(emulator, "mixing_chamber_temperature", "emulator", v => v > 0 && v < 400, "a temperature in kelvin above 0");
        double temperatureNoise = y.Optional(emulator, "temperature_noise") is { } noiseNode
            ? y.NumberValue(noiseNode, "emulator.temperature_noise", v => v >= 0 && v <= 0.1, "a relative standard deviation in 0..0.1")
            : DefaultTemperatureNoise;
        var drift = ReadDrift(y, emulator, mcTemperature);
        var truthNode = y.Mapping(emulator, "qubits", "emulator");

        var qubits = new List<QubitEntry>();
        var qubitsNode = y.Mapping(root, "qubits", "");
        foreach (var (keyNode, value) in qubitsNode.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            string path = $"qubits.{name}";
            if (value is not YamlMappingNode qubit)
            {
                throw y.Error(value, path, $"expected a mapping with 'drive' and 'readout', got {StationYaml.Describe(value)}");
            }

            var drive = y.Mapping(qubit, "drive", path);
            string awg = ExpectInstrument(drive, "awg", $"{path}.drive", EmulatedModels.Awg5208);
            int iChannel = y.Integer(drive, "i_channel", $"{path}.drive", 1, Awg5208Emulator.Channels);
            int qChannel = y.Integer(drive, "q_channel", $"{path}.drive", 1, Awg5208Emulator.Channels);
            if (iChannel == qChannel)
            {
                throw y.Error(drive, $"{path}.drive", "expected different i_channel and q_channel");
            }

            var readout = y.Mapping(qubit, "readout", path);
            string digitizer = ExpectInstrument(readout, "digitizer", $"{path}.readout", EmulatedModels.DigIq4);
            int readoutChannel = y.Integer(readout, "channel", $"{path}.readout", 1, DigIq4Emulator.Channels);
            if (qubits.FirstOrDefault(q => q.Wiring.Digitizer == digitizer && q.Wiring.ReadoutChannel == readoutChannel) is { } taken)
            {
                throw y.Error(readout, $"{path}.readout", $"digitizer {digitizer} channel {readoutChannel} already reads {taken.Name}");
            }

            var wiring = new QubitWiring(awg, iChannel, qChannel, digitizer, readoutChannel);
            string truthPath = $"emulator.qubits.{name}";
            if (y.Optional(truthNode, name) is not YamlMappingNode truth)
            {
                throw y.Error(y.Optional(truthNode, name) ?? truthNode, truthPath, "is missing: every qubit needs its true parameters (frequency, detuning, rabi_rate_per_volt, t1, t2_star, readout)");
            }

            qubits.Add(ReadQubitTruth(y, name, truth, truthPath, wiring));
        }

        foreach (var (keyNode, _) in truthNode.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!qubits.Any(q => q.Name == name))
            {
                throw y.Error(keyNode, $"emulator.qubits.{name}", "names no qubit of the 'qubits' section");
            }
        }

        var faults = FaultReader.Read(y, emulator, instruments, monitor);
        return new StationConfiguration(file, instruments, qubits, monitor, mcChannel, seed, mcTemperature, temperatureNoise, drift, faults)
        {
            ReadoutLo = ReadReadoutLo(y, emulator, instruments),
            Couplings = CouplingReader.Read(y, root, emulator, instruments, qubits),
            Clock = ReadClock(y, emulator),
        };
    }

    private static ClockMode ReadClock(StationYaml y, YamlMappingNode emulator)
    {
        if (y.Optional(emulator, "clock") is not { } node)
        {
            return ClockMode.Fast;
        }

        return (node as YamlScalarNode)?.Value switch
        {
            "fast" => ClockMode.Fast,
            "realtime" => ClockMode.Realtime,
            _ => throw y.Error(node, "emulator.clock", $"expected 'fast' (as fast as possible) or 'realtime' (acquisitions take shots x repetition time), got {StationYaml.Describe(node)}"),
        };
    }

    private static ReadoutLoConfiguration? ReadReadoutLo(StationYaml y, YamlMappingNode emulator, List<InstrumentEntry> instruments)
    {
        const string path = "emulator.readout_lo";
        if (y.Optional(emulator, "readout_lo") is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode lo)
        {
            throw y.Error(node, path, $"expected a mapping with 'source', 'digitizers', 'frequency' and 'power', got {StationYaml.Describe(node)}");
        }

        string source = y.String(lo, "source", path);
        if (!instruments.Any(i => i.Name == source && i.Model == EmulatedModels.Sgs100a))
        {
            throw y.Error(y.Required(lo, "source", path), $"{path}.source", $"expected the name of an instrument of model '{EmulatedModels.Sgs100a}', got '{source}'");
        }

        var digitizersNode = y.Required(lo, "digitizers", path);
        if (digitizersNode is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw y.Error(digitizersNode, $"{path}.digitizers", $"expected a list of digitizer names, got {StationYaml.Describe(digitizersNode)}");
        }

        var digitizers = new List<string>();
        foreach (var item in list.Children)
        {
            string name = (item as YamlScalarNode)?.Value ?? string.Empty;
            if (!instruments.Any(i => i.Name == name && i.Model == EmulatedModels.DigIq4))
            {
                throw y.Error(item, $"{path}.digitizers", $"expected the name of an instrument of model '{EmulatedModels.DigIq4}', got {StationYaml.Describe(item)}");
            }

            digitizers.Add(name);
        }

        double frequency = y.Number(lo, "frequency", path, v => v >= Sgs100aEmulator.MinFrequency && v <= Sgs100aEmulator.MaxFrequency,
            "the LO frequency in hertz the readout was calibrated at, 1e6..12.75e9");
        double power = y.Number(lo, "power", path, v => v >= Sgs100aEmulator.MinPower && v <= Sgs100aEmulator.MaxPower,
            "the LO power in dBm the readout was calibrated at, -120..25");
        return new ReadoutLoConfiguration(source, digitizers, frequency, power);
    }

    private static TemperatureDrift ReadDrift(StationYaml y, YamlMappingNode emulator, double setPoint)
    {
        if (y.Optional(emulator, "temperature_drift") is not { } node)
        {
            return TemperatureDrift.None;
        }

        if (node is not YamlMappingNode drift)
        {
            throw y.Error(node, "emulator.temperature_drift", $"expected a mapping with 'amplitude' and 'period', got {StationYaml.Describe(node)}");
        }

        // The four components can add up to 2.83 x the rms amplitude: a quarter of the set point keeps the chamber above 0 K.
        double amplitude = y.Number(drift, "amplitude", "emulator.temperature_drift", v => v >= 0 && v <= setPoint / 4,
            $"an rms drift in kelvin, 0..{setPoint / 4:G3} (a quarter of mixing_chamber_temperature)");
        double period = y.Number(drift, "period", "emulator.temperature_drift", v => v > 0, "the slowest period in seconds of emulated time, above 0");
        return new TemperatureDrift(amplitude, period);
    }

    private static QubitEntry ReadQubitTruth(StationYaml y, string name, YamlMappingNode t, string path, QubitWiring wiring)
    {
        static bool Positive(double v) => v > 0;
        double frequency = y.Number(t, "frequency", path, Positive, "a qubit frequency in hertz above 0");
        double detuning = y.Number(t, "detuning", path, _ => true, "a detuning in hertz");
        double rabi = y.Number(t, "rabi_rate_per_volt", path, Positive, "a Rabi rate in hertz per volt above 0");
        double t1 = y.Number(t, "t1", path, Positive, "T1 in seconds above 0");
        double t2 = y.Number(t, "t2_star", path, Positive, "T2* in seconds above 0");
        if (t2 > 2 * t1)
        {
            throw y.Error(y.Required(t, "t2_star", path), $"{path}.t2_star",
                $"expected T2* <= 2 T1 = {2 * t1:G4} s (1/T2* = 1/(2 T1) + 1/Tphi), got {t2:G4} s");
        }

        // Optional gate errors (docs/emulator.md, "Gate errors"); absent means an ideal drive.
        double amplitudeError = y.Optional(t, "drive_amplitude_error") is { } epsilonNode
            ? y.NumberValue(epsilonNode, $"{path}.drive_amplitude_error", v => v > -1 && v <= 1, "a relative drive amplitude error above -1 and at most 1 (0.01 = 1 % over-rotation)")
            : 0;
        double depolarizing = y.Optional(t, "depolarizing_rate") is { } depolarizingNode
            ? y.NumberValue(depolarizingNode, $"{path}.depolarizing_rate", v => v >= 0, "a depolarizing rate in 1/s while the drive is on, 0 or more")
            : 0;

        var r = y.Mapping(t, "readout", path);
        string rp = $"{path}.readout";
        var ground = y.Pair(r, "ground_iq", rp);
        var excited = y.Pair(r, "excited_iq", rp);
        double noise = y.Number(r, "noise", rp, v => v >= 0, "a noise standard deviation in volts, 0 or more");
        double p01 = y.Number(r, "p0_given_1", rp, v => v >= 0 && v < 0.5, "a probability in 0..0.5");
        double p10 = y.Number(r, "p1_given_0", rp, v => v >= 0 && v < 0.5, "a probability in 0..0.5");
        double kappa = y.Optional(r, "kappa") is { } kappaNode
            ? y.NumberValue(kappaNode, $"{rp}.kappa", v => v > 0 && v < 1e9, "a resonator linewidth kappa/2pi in hertz, above 0")
            : ReadoutModel.DefaultResonatorLinewidth;
        return new QubitEntry(
            name,
            new TransmonParameters(frequency, detuning, rabi, t1, t2, amplitudeError, depolarizing),
            new ReadoutModel(ground.I, ground.Q, excited.I, excited.Q, noise, p01, p10) { ResonatorLinewidth = kappa },
            wiring);
    }
}
