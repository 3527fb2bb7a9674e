using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Emulation.Servers;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Emulation.Faults;

/// <summary>Reads and validates the station file's optional <c>emulator.faults</c> list.</summary>
internal static class FaultReader
{
    public const string Latency = "latency";
    public const string DropLink = "drop_link";
    public const string GarbageAnswer = "garbage_answer";
    public const string TruncatedAnswer = "truncated_answer";
    public const string Error = "error";
    public const string Reset = "reset";
    public const string StuckTrigger = "stuck_trigger";
    public const string TemperatureExcursion = "temperature_excursion";

    private static readonly string[] Kinds =
        [Latency, DropLink, GarbageAnswer, TruncatedAnswer, Error, Reset, StuckTrigger, TemperatureExcursion];

    public static IReadOnlyList<Fault> Read(StationYaml y, YamlMappingNode emulator, IReadOnlyList<InstrumentEntry> instruments, string mixingChamberMonitor)
    {
        if (y.Optional(emulator, "faults") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw y.Error(node, "emulator.faults", $"expected a list of faults, got {StationYaml.Describe(node)}");
        }

        var faults = new List<Fault>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            string path = $"emulator.faults[{i}]";
            if (list.Children[i] is not YamlMappingNode entry)
            {
                throw y.Error(list.Children[i], path, $"expected a mapping with 'instrument' and 'kind', got {StationYaml.Describe(list.Children[i])}");
            }

            faults.Add(ReadOne(y, entry, path, instruments, mixingChamberMonitor));
        }

        return faults;
    }

    private static Fault ReadOne(StationYaml y, YamlMappingNode e, string path, IReadOnlyList<InstrumentEntry> instruments, string mixingChamberMonitor)
    {
        string name = y.String(e, "instrument", path);
        var instrument = instruments.FirstOrDefault(x => x.Name == name)
            ?? throw y.Error(y.Required(e, "instrument", path), $"{path}.instrument",
                $"expected the name of an instrument of this station ({string.Join(", ", instruments.Select(x => x.Name))}), got '{name}'");
        string kind = y.String(e, "kind", path);
        const int Max = int.MaxValue;
        switch (kind)
        {
            case Latency:
                return new LatencyFault(
                    name,
                    y.Number(e, "seconds", path, v => v >= 0 && v <= 60, "an added delay in seconds, 0..60"),
                    y.Optional(e, "jitter") is { } j ? y.NumberValue(j, $"{path}.jitter", v => v >= 0 && v <= 60, "a jitter in seconds, 0..60") : 0);
            case DropLink:
                return new DropLinkFault(name, y.Integer(e, "after_bytes", path, 0, Max));
            case GarbageAnswer:
                return new GarbageAnswerFault(name, y.Integer(e, "answer", path, 1, Max));
            case TruncatedAnswer:
                return new TruncatedAnswerFault(name, y.Integer(e, "answer", path, 1, Max));
            case Error:
            {
                int code = y.Optional(e, "code") is not null ? y.Integer(e, "code", path, -999, -100) : -300;
                string message = y.Optional(e, "message") is not null ? y.String(e, "message", path) : "Device-specific error";
                if (message.Contains('"', StringComparison.Ordinal))
                {
                    throw y.Error(y.Required(e, "message", path), $"{path}.message", "expected a message without double quotes");
                }

                int count = y.Optional(e, "count") is not null ? y.Integer(e, "count", path, 1, ErrorQueue.DefaultCapacity) : 1;
                return new InjectedErrorFault(name, y.Integer(e, "after_commands", path, 1, Max), new ScpiError(code, message), count);
            }

            case Reset:
                return new ResetFault(name, y.Integer(e, "after_commands", path, 1, Max));
            case StuckTrigger:
                if (instrument.Model != EmulatedModels.DigIq4)
                {
                    throw y.Error(y.Required(e, "kind", path), $"{path}.kind", $"a stuck trigger needs a digitizer ({EmulatedModels.DigIq4}); '{name}' is a {instrument.Model}");
                }

                return new StuckTriggerFault(
                    name,
                    y.Integer(e, "arm", path, 1, Max),
                    y.Optional(e, "count") is not null ? y.Integer(e, "count", path, 1, Max) : 1);
            case TemperatureExcursion:
            {
                if (name != mixingChamberMonitor)
                {
                    throw y.Error(y.Required(e, "instrument", path), $"{path}.instrument",
                        $"a temperature excursion belongs to the mixing-chamber monitor '{mixingChamberMonitor}', got '{name}'");
                }

                double peak = y.Number(e, "peak", path, v => v > 0 && v < 400, "a temperature in kelvin above 0");
                double start = y.Number(e, "start", path, v => v >= 0, "an emulated time in seconds, 0 or more");
                double end = y.Number(e, "end", path, v => v > start, $"an emulated time in seconds after start ({start})");
                return new TemperatureExcursionFault(name, peak, start, end);
            }

            default:
                throw y.Error(y.Required(e, "kind", path), $"{path}.kind", $"expected one of {string.Join(", ", Kinds)}, got '{kind}'");
        }
    }
}
