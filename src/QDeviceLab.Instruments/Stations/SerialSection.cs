using QDeviceLab.Visa.Serial;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// The optional <c>serial:</c> mapping of an instrument entry (line settings of an ASRL resource), and
/// the settings a model needs when the station file gives none: a Lake Shore 372 speaks 9600 7O1.
/// </summary>
internal static class SerialSection
{
    private static readonly string[] Fields = ["baud", "data_bits", "parity", "stop_bits", "flow_control"];

    /// <summary>The settings a session to <paramref name="instrument"/> opens with: its own, else its model's, else null (VISA's 9600 8N1).</summary>
    public static SerialSettings? SettingsFor(InstrumentDefinition instrument) =>
        instrument.Serial ?? (string.Equals(instrument.Model, "Lake Shore 372", StringComparison.OrdinalIgnoreCase) ? SerialSettings.LakeShore372 : null);

    public static SerialSettings? Read(YamlFields y, YamlMappingNode instrument, string path, string model)
    {
        if (y.Optional(instrument, "serial") is not { } node)
        {
            return null;
        }

        path += ".serial";
        if (node is not YamlMappingNode map)
        {
            throw y.Error(node, path, "expected a mapping such as { baud: 9600, data_bits: 7, parity: odd, stop_bits: 1, flow_control: none }");
        }

        foreach (var (key, value) in y.Entries(map, path))
        {
            if (!Fields.Contains(key))
            {
                throw y.Error(value, YamlFields.Join(path, key), $"unknown serial setting; expected {string.Join(", ", Fields)}");
            }
        }

        // Unset fields take the model's default (Lake Shore: 7O1), then VISA's.
        var defaults = string.Equals(model, "Lake Shore 372", StringComparison.OrdinalIgnoreCase) ? SerialSettings.LakeShore372 : SerialSettings.Default;
        var settings = new SerialSettings
        {
            BaudRate = y.Optional(map, "baud") is null ? defaults.BaudRate : y.Int(map, "baud", path, 50, 4_000_000),
            DataBits = y.Optional(map, "data_bits") is null ? defaults.DataBits : y.Int(map, "data_bits", path, 5, 8),
            Parity = Choice(y, map, "parity", path, defaults.Parity, new()
            {
                ["none"] = SerialParity.None,
                ["odd"] = SerialParity.Odd,
                ["even"] = SerialParity.Even,
                ["mark"] = SerialParity.Mark,
                ["space"] = SerialParity.Space,
            }),
            StopBits = Choice(y, map, "stop_bits", path, defaults.StopBits, new()
            {
                ["1"] = SerialStopBits.One,
                ["1.5"] = SerialStopBits.OnePointFive,
                ["2"] = SerialStopBits.Two,
            }),
            FlowControl = Choice(y, map, "flow_control", path, defaults.FlowControl, new()
            {
                ["none"] = SerialFlowControl.None,
                ["xon_xoff"] = SerialFlowControl.XonXoff,
                ["rts_cts"] = SerialFlowControl.RtsCts,
            }),
        };
        return settings.Problem() is { } problem ? throw y.Error(map, path, problem) : settings;
    }

    private static T Choice<T>(YamlFields y, YamlMappingNode map, string key, string path, T fallback, Dictionary<string, T> choices)
    {
        if (y.Optional(map, key) is null)
        {
            return fallback;
        }

        string text = y.String(map, key, path);
        return choices.TryGetValue(text.ToLowerInvariant(), out var value)
            ? value
            : throw y.Error(y.Required(map, key, path), YamlFields.Join(path, key), $"'{text}' is not one of {string.Join(", ", choices.Keys)}");
    }
}
