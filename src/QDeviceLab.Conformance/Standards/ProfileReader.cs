using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QDeviceLab.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Conformance;

/// <summary>
/// Reads profile YAML through YamlDotNet's node model, which keeps the line of every node,
/// so each complaint names the file, the line and the field. Unknown fields are errors: a
/// misspelt <c>limits:</c> must not silently drop a requirement.
/// </summary>
internal static class ProfileReader
{
    private static readonly string[] TopFields = ["profile", "version", "title", "description", "metrics", "clauses"];
    private static readonly string[] MetricFields = ["symbol", "unit", "name", "definition", "method", "model", "assumptions", "limitations"];
    private static readonly string[] ClauseFields = ["id", "metric", "title", "limit", "confidence", "note"];
    private static readonly string[] LimitFields = ["min", "max"];

    public static StandardsProfile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(path, null, "cannot read the profile: " + e.Message, e);
        }

        return Parse(path, new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static StandardsProfile Parse(string path, string yaml, string? sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yaml);
        sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new UserInputException(path, (int)e.Start.Line, "expected valid YAML: " + YamlProblem(e), e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UserInputException(path, null, "expected one YAML document holding a mapping with 'profile', 'version', 'metrics' and 'clauses'");
        }

        var reader = new Reader(path);
        reader.CheckFields(root, TopFields, "the profile");
        var id = reader.RequiredString(root, "profile");
        var version = reader.RequiredString(root, "version");
        var title = reader.OptionalString(root, "title");
        var profileName = $"{id}@{version}";

        var metrics = new Dictionary<string, MetricDefinition>(StringComparer.Ordinal);
        var metricsNode = reader.Required<YamlMappingNode>(root, "metrics", "a mapping of metric definitions");
        foreach (var (keyNode, valueNode) in metricsNode.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var field = $"metrics.{key}";
            if (valueNode is not YamlMappingNode metric)
            {
                throw reader.Error(valueNode, field, "expected a mapping with 'unit' and the metric's definition");
            }

            reader.CheckFields(metric, MetricFields, field);
            metrics.Add(key, new MetricDefinition(
                key,
                reader.OptionalString(metric, "symbol") ?? key,
                reader.RequiredString(metric, "unit", field),
                reader.OptionalString(metric, "name"),
                reader.OptionalString(metric, "definition"),
                reader.OptionalString(metric, "method"),
                reader.OptionalString(metric, "model"),
                reader.OptionalString(metric, "assumptions"),
                reader.OptionalString(metric, "limitations")));
        }

        var clauses = new List<Clause>();
        var clausesNode = reader.Required<YamlSequenceNode>(root, "clauses", "a list of clauses");
        for (var i = 0; i < clausesNode.Children.Count; i++)
        {
            var field = $"clauses[{i}]";
            if (clausesNode.Children[i] is not YamlMappingNode clause)
            {
                throw reader.Error(clausesNode.Children[i], field, "expected a mapping with 'id', 'metric' and 'limit'");
            }

            reader.CheckFields(clause, ClauseFields, field);
            var clauseId = reader.RequiredString(clause, "id", field);
            field = $"clause {clauseId}";
            if (clauses.Any(c => c.Id == clauseId))
            {
                throw reader.Error(clause, field + " id", $"expected unique clause ids; '{clauseId}' appears twice");
            }

            var metricKey = reader.RequiredString(clause, "metric", field);
            if (!metrics.TryGetValue(metricKey, out var metric))
            {
                throw reader.Error(reader.Node(clause, "metric")!, field + " metric",
                    $"expected one of the metrics defined in 'metrics' ({string.Join(", ", metrics.Keys)}), found '{metricKey}'");
            }

            clauses.Add(new Clause(
                clauseId,
                reader.OptionalString(clause, "title"),
                metric,
                ReadLimit(reader, clause, field),
                ReadConfidence(reader, clause, field),
                profileName,
                path,
                (int)clause.Start.Line));
        }

        return new StandardsProfile(id, version, title, path, sha256, metrics, clauses);
    }

    private static Limit ReadLimit(Reader reader, YamlMappingNode clause, string field)
    {
        var node = reader.Required<YamlMappingNode>(clause, "limit", "a mapping with 'min', 'max' or both", field);
        reader.CheckFields(node, LimitFields, field + " limit");
        var min = reader.OptionalNumber(node, "min", field + " limit.min");
        var max = reader.OptionalNumber(node, "max", field + " limit.max");
        if (min is null && max is null)
        {
            throw reader.Error(node, field + " limit", "expected 'min', 'max' or both");
        }

        if (min > max)
        {
            throw reader.Error(node, field + " limit", $"expected min <= max, found min {min.Value.ToString("R", CultureInfo.InvariantCulture)} > max {max.Value.ToString("R", CultureInfo.InvariantCulture)}");
        }

        return new Limit(min, max);
    }

    private static double ReadConfidence(Reader reader, YamlMappingNode clause, string field)
    {
        var confidence = reader.OptionalNumber(clause, "confidence", field + " confidence") ?? 0.95;
        if (confidence is <= 0 or >= 1)
        {
            throw reader.Error(reader.Node(clause, "confidence")!, field + " confidence",
                $"expected a confidence level between 0 and 1 (0.95 for 95 %), found {confidence.ToString("R", CultureInfo.InvariantCulture)}");
        }

        return confidence;
    }

    private static string YamlProblem(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; the line is reported separately.
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }

    private sealed class Reader(string path)
    {
        public UserInputException Error(YamlNode node, string field, string problem) =>
            new(path, (int)node.Start.Line, $"{field}: {problem}");

        public YamlNode? Node(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public void CheckFields(YamlMappingNode mapping, string[] allowed, string owner)
        {
            foreach (var key in mapping.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, owner, $"unknown field '{name ?? key.ToString()}'; expected one of {string.Join(", ", allowed)}");
                }
            }
        }

        public T Required<T>(YamlMappingNode mapping, string key, string expected, string? owner = null)
            where T : YamlNode
        {
            var field = owner is null ? key : $"{owner} {key}";
            return Node(mapping, key) switch
            {
                null => throw Error(mapping, field, $"missing; expected {expected}"),
                T typed => typed,
                var other => throw Error(other, field, $"expected {expected}"),
            };
        }

        public string RequiredString(YamlMappingNode mapping, string key, string? owner = null)
        {
            var value = OptionalString(mapping, key, owner);
            return string.IsNullOrWhiteSpace(value)
                ? throw Error(Node(mapping, key) ?? mapping, owner is null ? key : $"{owner} {key}", "missing; expected a non-empty text")
                : value;
        }

        public string? OptionalString(YamlMappingNode mapping, string key, string? owner = null) => Node(mapping, key) switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            var other => throw Error(other, owner is null ? key : $"{owner} {key}", "expected a text, found a " + (other is YamlMappingNode ? "mapping" : "list")),
        };

        public double? OptionalNumber(YamlMappingNode mapping, string key, string field)
        {
            var node = Node(mapping, key);
            if (node is null)
            {
                return null;
            }

            if (node is YamlScalarNode { Value: { } text }
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value))
            {
                return value;
            }

            throw Error(node, field, $"expected a finite number in SI units, found '{(node as YamlScalarNode)?.Value ?? node.ToString()}'");
        }
    }
}
