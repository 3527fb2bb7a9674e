using System.Globalization;
using QDeviceLab.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Emulation.Servers;

/// <summary>
/// Typed, line-aware access to a station file's YAML: every failure becomes a
/// <see cref="UserInputException"/> naming the file, the line and the dotted field path.
/// </summary>
internal sealed class StationYaml
{
    private readonly string _file;

    private StationYaml(string file, YamlMappingNode root)
    {
        _file = file;
        Root = root;
    }

    public YamlMappingNode Root { get; }

    public static StationYaml Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(file, null, $"cannot read the station file: {e.Message}", e);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UserInputException(file, (int)e.Start.Line, $"not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UserInputException(file, 1, "expected a YAML mapping with 'instruments', 'qubits', 'environment' and 'emulator'");
        }

        return new StationYaml(file, root);
    }

    public UserInputException Error(YamlNode node, string path, string problem) =>
        new(_file, (int)node.Start.Line, $"field '{path}': {problem}");

    public YamlNode Required(YamlMappingNode parent, string key, string path)
    {
        if (parent.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return node;
        }

        throw Error(parent, Join(path, key), "is missing");
    }

    public YamlNode? Optional(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public YamlMappingNode Mapping(YamlMappingNode parent, string key, string path)
    {
        var node = Required(parent, key, path);
        return node as YamlMappingNode ?? throw Error(node, Join(path, key), $"expected a mapping, got {Describe(node)}");
    }

    public string String(YamlMappingNode parent, string key, string path)
    {
        var node = Required(parent, key, path);
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        throw Error(node, Join(path, key), $"expected a non-empty text, got {Describe(node)}");
    }

    /// <summary>A finite number satisfying <paramref name="accept"/>, described by <paramref name="expected"/> in errors.</summary>
    public double Number(YamlMappingNode parent, string key, string path, Func<double, bool> accept, string expected)
    {
        var node = Required(parent, key, path);
        return NumberValue(node, Join(path, key), accept, expected);
    }

    public double NumberValue(YamlNode node, string path, Func<double, bool> accept, string expected)
    {
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value))
        {
            if (accept(value))
            {
                return value;
            }

            throw Error(node, path, $"expected {expected}, got {text}");
        }

        throw Error(node, path, $"expected {expected}, got {Describe(node)}");
    }

    public int Integer(YamlMappingNode parent, string key, string path, int min, int max)
    {
        var node = Required(parent, key, path);
        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            if (value >= min && value <= max)
            {
                return value;
            }

            throw Error(node, Join(path, key), $"expected an integer in {min}..{max}, got {text}");
        }

        throw Error(node, Join(path, key), $"expected an integer in {min}..{max}, got {Describe(node)}");
    }

    /// <summary>A two-element [I, Q] list in volts.</summary>
    public (double I, double Q) Pair(YamlMappingNode parent, string key, string path)
    {
        var node = Required(parent, key, path);
        string field = Join(path, key);
        if (node is not YamlSequenceNode { Children.Count: 2 } seq)
        {
            throw Error(node, field, $"expected a list [I, Q] of two numbers in volts, got {Describe(node)}");
        }

        return (NumberValue(seq.Children[0], field + "[0]", _ => true, "a number"),
                NumberValue(seq.Children[1], field + "[1]", _ => true, "a number"));
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.NodeType.ToString(),
    };
}
