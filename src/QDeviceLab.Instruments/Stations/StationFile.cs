using System.Globalization;
using System.Security.Cryptography;
using QDeviceLab.Core;
using QDeviceLab.Visa;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Instruments.Stations;

/// <summary>Reads and checks a station file; every mistake names the file, line and field.</summary>
public static class StationFile
{
    public static StationDefinition Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var root = YamlFields.LoadRoot(fullPath);
        var y = new YamlFields(fullPath);

        var name = y.String(root, "station", "");
        var description = y.OptionalString(root, "description", "") ?? "";
        var describesEmulator = y.Optional(root, "emulator") is not null;
        var instruments = ReadInstruments(y, y.Mapping(root, "instruments", ""), describesEmulator);
        var qubits = ReadQubits(y, y.Mapping(root, "qubits", ""), instruments);
        var mixingChamber = ReadMixingChamber(y, root, instruments);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fullPath)));
        return new StationDefinition(name, description, fullPath, hash, instruments, qubits, mixingChamber, describesEmulator)
        {
            Pairs = PairSection.Read(y, root, instruments, qubits),
        };
    }

    private static Dictionary<string, InstrumentDefinition> ReadInstruments(YamlFields y, YamlMappingNode map, bool describesEmulator)
    {
        var result = new Dictionary<string, InstrumentDefinition>(StringComparer.Ordinal);
        foreach (var (name, node) in y.Entries(map, "instruments"))
        {
            var path = "instruments." + name;
            if (node is not YamlMappingNode fields)
            {
                throw y.Error(node, path, "expected a mapping with model: and resource:");
            }

            var model = y.String(fields, "model", path);
            if (!DriverCatalog.IsKnown(model))
            {
                throw y.Error(y.Required(fields, "model", path), path + ".model",
                    $"unknown model '{model}'; supported: {string.Join(", ", DriverCatalog.Models)}");
            }

            var resource = y.String(fields, "resource", path);
            if (resource == InstrumentDefinition.EmulatedResource)
            {
                if (!describesEmulator)
                {
                    throw y.Error(y.Required(fields, "resource", path), path + ".resource",
                        "'emulated' needs an emulator: section in the station file; give a VISA resource string for a real instrument");
                }
            }
            else if (!ResourceName.TryParse(resource, out _, out var error))
            {
                throw y.Error(y.Required(fields, "resource", path), path + ".resource", error ?? $"'{resource}' is not a VISA resource name");
            }

            var settings = new Dictionary<string, double>(StringComparer.Ordinal);
            if (y.Optional(fields, "settings") is { } settingsNode)
            {
                if (settingsNode is not YamlMappingNode settingsMap)
                {
                    throw y.Error(settingsNode, path + ".settings", "expected a mapping of numeric settings");
                }

                foreach (var (key, _) in y.Entries(settingsMap, path + ".settings"))
                {
                    settings[key] = y.Double(settingsMap, key, path + ".settings");
                }
            }

            var (backend, visaLibrary, usbtmcDevice) = BackendSection.Read(y, fields, path, resource);
            result[name] = new InstrumentDefinition(name, model, resource, y.OptionalDate(fields, "calibration_due", path), settings, y.Line(node))
            {
                Serial = SerialSection.Read(y, fields, path, model),
                Backend = backend,
                VisaLibrary = visaLibrary,
                UsbtmcDevice = usbtmcDevice,
            };
        }

        return result;
    }

    private static Dictionary<string, QubitDefinition> ReadQubits(YamlFields y, YamlMappingNode map, Dictionary<string, InstrumentDefinition> instruments)
    {
        var result = new Dictionary<string, QubitDefinition>(StringComparer.Ordinal);
        foreach (var (name, node) in y.Entries(map, "qubits"))
        {
            var path = "qubits." + name;
            if (node is not YamlMappingNode fields)
            {
                throw y.Error(node, path, "expected a mapping with drive:, readout:, pi_pulse:");
            }

            var drivePath = path + ".drive";
            var drive = y.Mapping(fields, "drive", path);
            var awg = Reference(y, drive, "awg", drivePath, instruments, InstrumentKind.Awg);
            var channels = DriverCatalog.ChannelCount(instruments[awg].Model);
            var driveLine = new DriveLine(awg, y.Int(drive, "i_channel", drivePath, 1, channels), y.Int(drive, "q_channel", drivePath, 1, channels));
            if (driveLine.InPhaseChannel == driveLine.QuadratureChannel)
            {
                throw y.Error(drive, drivePath, "i_channel and q_channel must be different AWG channels");
            }

            var readoutPath = path + ".readout";
            var readout = y.Mapping(fields, "readout", path);
            var digitizer = Reference(y, readout, "digitizer", readoutPath, instruments, InstrumentKind.Digitizer);
            var readoutLine = new ReadoutLine(digitizer, y.Int(readout, "channel", readoutPath, 1, DriverCatalog.ChannelCount(instruments[digitizer].Model)));

            var piPath = path + ".pi_pulse";
            var pi = y.Mapping(fields, "pi_pulse", path);
            var piPulse = new PiPulseCalibration(
                y.Double(pi, "amplitude", piPath, min: 1e-6, max: 10),
                y.Double(pi, "duration", piPath, min: 1e-10, max: 1e-5));
            var readoutTime = y.Double(fields, "readout_time", path, min: 0, max: 1e-3);
            // DRAG coefficient in seconds, beside the pulse it shapes; about 1/(2|anharmonicity|) when used.
            if (y.Optional(fields, "drag") is not null)
            {
                piPulse = piPulse with { Drag = y.Double(fields, "drag", path, min: -1e-6, max: 1e-6) };
            }

            result[name] = new QubitDefinition(name, driveLine, readoutLine, piPulse, readoutTime);
        }

        if (result.Count == 0)
        {
            throw y.Error(map, "qubits", "expected at least one qubit");
        }

        return result;
    }

    private static SensorDefinition? ReadMixingChamber(YamlFields y, YamlMappingNode root, Dictionary<string, InstrumentDefinition> instruments)
    {
        if (y.Optional(root, "environment") is not { } envNode)
        {
            return null;
        }

        if (envNode is not YamlMappingNode environment)
        {
            throw y.Error(envNode, "environment", "expected a mapping (mixing_chamber: ...)");
        }

        if (y.Optional(environment, "mixing_chamber") is null)
        {
            return null;
        }

        var mc = y.Mapping(environment, "mixing_chamber", "environment");
        const string path = "environment.mixing_chamber";
        var monitor = Reference(y, mc, "monitor", path, instruments, InstrumentKind.TemperatureMonitor);
        return new SensorDefinition(monitor, y.String(mc, "channel", path));
    }

    private static string Reference(YamlFields y, YamlMappingNode map, string key, string path, Dictionary<string, InstrumentDefinition> instruments, InstrumentKind kind)
    {
        var name = y.String(map, key, path);
        var node = y.Required(map, key, path);
        if (!instruments.TryGetValue(name, out var instrument))
        {
            throw y.Error(node, YamlFields.Join(path, key),
                $"no instrument named '{name}' in instruments: (have {string.Join(", ", instruments.Keys.Order(StringComparer.Ordinal))})");
        }

        if (DriverCatalog.KindOf(instrument.Model) != kind)
        {
            throw y.Error(node, YamlFields.Join(path, key),
                $"'{name}' is a {instrument.Model}, which is not {Describe(kind)}");
        }

        return name;
    }

    private static string Describe(InstrumentKind kind) => kind switch
    {
        InstrumentKind.Awg => "an arbitrary waveform generator",
        InstrumentKind.Digitizer => "a readout digitizer",
        InstrumentKind.TemperatureMonitor => "a temperature monitor",
        InstrumentKind.MicrowaveSource => "a microwave source",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
