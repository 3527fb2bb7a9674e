using System.Globalization;
using QDeviceLab.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// Typed reads from a YAML mapping that fail with the file, line and dotted field path,
/// so that a station file mistake reads like a compiler error.
/// </summary>
internal sealed class YamlFields(string file)
{
    public string File { get; } = file;

    public static YamlMappingNode LoadRoot(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(path, null, $"cannot read the file: {e.Message}", e);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UserInputException(path, (int)e.Start.Line, $"not valid YAML: {OneLine(e.Message)}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UserInputException(path, 1, "expected a YAML mapping at the top level (station:, instruments:, qubits: ...)");
        }

        return root;
    }

    public int Line(YamlNode node) => (int)node.Start.Line;

    public UserInputException Error(YamlNode node, string field, string expected) =>
        new(File, Line(node), $"field '{field}': {expected}");

    public YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public YamlNode Required(YamlMappingNode map, string key, string path) =>
        Optional(map, key) ?? throw new UserInputException(File, Line(map), $"missing field '{Join(path, key)}'");

    public YamlMappingNode Mapping(YamlMappingNode map, string key, string path)
    {
        var node = Required(map, key, path);
        return node as YamlMappingNode ?? throw Error(node, Join(path, key), "expected a mapping of fields");
    }

    public string String(YamlMappingNode map, string key, string path)
    {
        var node = Required(map, key, path);
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        throw Error(node, Join(path, key), "expected a non-empty text value");
    }

    public string? OptionalString(YamlMappingNode map, string key, string path)
    {
        var node = Optional(map, key);
        return node is null ? null : String(map, key, path);
    }

    public double Double(YamlMappingNode map, string key, string path, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var node = Required(map, key, path);
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            if (value < min || value > max)
            {
                throw Error(node, Join(path, key), $"{text} is out of range; expected {Range(min, max)}");
            }

            return value;
        }

        throw Error(node, Join(path, key), $"expected a number in SI units, got '{(node as YamlScalarNode)?.Value}'");
    }

    public int Int(YamlMappingNode map, string key, string path, int min, int max)
    {
        var node = Required(map, key, path);
        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                throw Error(node, Join(path, key), $"{value} is out of range; expected {min}-{max}");
            }

            return value;
        }

        throw Error(node, Join(path, key), $"expected a whole number {min}-{max}, got '{(node as YamlScalarNode)?.Value}'");
    }

    public DateOnly? OptionalDate(YamlMappingNode map, string key, string path)
    {
        var node = Optional(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text }
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        throw Error(node, Join(path, key), "expected a date as YYYY-MM-DD");
    }

    public IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string path)
    {
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw Error(key, path, "expected plain names as keys");
            }

            yield return (name, value);
        }
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Range(double min, double max) =>
        (double.IsNegativeInfinity(min), double.IsPositiveInfinity(max)) switch
        {
            (false, false) => $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
            (false, true) => $"at least {min.ToString(CultureInfo.InvariantCulture)}",
            (true, false) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
            _ => "any number",
        };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
