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
    private static readonly string[] TopFields = ["profile", "version", "title", "description", "grades", "default_grade", "metrics", "clauses"];
    private static readonly string[] MetricFields = ["symbol", "unit", "name", "definition", "method", "model", "assumptions", "limitations"];
    private static readonly string[] ClauseFields = ["id", "metric", "title", "limit", "grades", "requires", "confidence", "note"];
    private static readonly string[] LimitFields = ["min", "max", "guard_band"];

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
        var (grades, defaultGrade) = ReadGrades(reader, root);

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

            var baseLimit = reader.Node(clause, "limit") is null && reader.Node(clause, "grades") is not null
                ? null
                : ReadLimit(reader, reader.Required<YamlMappingNode>(clause, "limit", "a mapping with 'min', 'max' or both (or per-grade limits under 'grades')", field), field + " limit");
            var gradeLimits = ReadGradeLimits(reader, clause, field, grades, baseLimit);
            clauses.Add(new Clause(
                clauseId,
                reader.OptionalString(clause, "title"),
                metric,
                defaultGrade is not null && gradeLimits.TryGetValue(defaultGrade, out var gradeLimit) ? gradeLimit : baseLimit!,
                ReadConfidence(reader, clause, field),
                profileName,
                path,
                (int)clause.Start.Line)
            {
                Requirements = ReadRequirements(reader, clause, field),
                GradeLimits = gradeLimits,
                BaseLimit = baseLimit,
                Grade = defaultGrade,
            });
        }

        return new StandardsProfile(id, version, title, path, sha256, metrics, clauses, grades, defaultGrade);
    }

    private static Limit ReadLimit(Reader reader, YamlMappingNode node, string field)
    {
        reader.CheckFields(node, LimitFields, field);
        var min = reader.OptionalNumber(node, "min", field + ".min");
        var max = reader.OptionalNumber(node, "max", field + ".max");
        var band = reader.OptionalNumber(node, "guard_band", field + ".guard_band");
        if (min is null && max is null)
        {
            throw reader.Error(node, field, "expected 'min', 'max' or both");
        }

        if (min > max)
        {
            throw reader.Error(node, field, $"expected min <= max, found min {min.Value.ToString("R", CultureInfo.InvariantCulture)} > max {max.Value.ToString("R", CultureInfo.InvariantCulture)}");
        }

        if (band < 0)
        {
            throw reader.Error(reader.Node(node, "guard_band")!, field + ".guard_band", "expected a guard band of zero or more, in the clause's unit");
        }

        return new Limit(min, max) { GuardBand = band };
    }

    /// <summary>The profile's declared grades and its default; a profile without <c>grades:</c> has one set of limits.</summary>
    private static (IReadOnlyList<string> Grades, string? Default) ReadGrades(Reader reader, YamlMappingNode root)
    {
        var node = reader.Node(root, "grades");
        var defaultGrade = reader.OptionalString(root, "default_grade");
        if (node is null)
        {
            return defaultGrade is null ? ([], null) : throw reader.Error(reader.Node(root, "default_grade")!, "default_grade", "names a grade, but the profile declares no 'grades'");
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0 || list.Children.Any(c => c is not YamlScalarNode { Value.Length: > 0 }))
        {
            throw reader.Error(node, "grades", "expected a list of grade names, e.g. [research, pilot-line]");
        }

        var grades = list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        if (grades.Distinct(StringComparer.Ordinal).Count() != grades.Count)
        {
            throw reader.Error(node, "grades", "expected each grade once");
        }

        if (defaultGrade is null || !grades.Contains(defaultGrade, StringComparer.Ordinal))
        {
            throw reader.Error(reader.Node(root, "default_grade") ?? root, "default_grade", $"expected one of the declared grades ({string.Join(", ", grades)}), found '{defaultGrade}'");
        }

        return (grades, defaultGrade);
    }

    private static IReadOnlyDictionary<string, Limit> ReadGradeLimits(Reader reader, YamlMappingNode clause, string field, IReadOnlyList<string> grades, Limit? baseLimit)
    {
        var limits = new Dictionary<string, Limit>(StringComparer.Ordinal);
        var node = reader.Node(clause, "grades");
        if (node is null)
        {
            return limits;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw reader.Error(node, field + " grades", "expected a mapping of grade name to limit, e.g. { research: { min: 20e-6 } }");
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var grade = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!grades.Contains(grade, StringComparer.Ordinal))
            {
                throw reader.Error(keyNode, field + " grades", grades.Count == 0
                    ? $"grade '{grade}': the profile declares no 'grades'"
                    : $"expected one of the profile's grades ({string.Join(", ", grades)}), found '{grade}'");
            }

            limits[grade] = valueNode is YamlMappingNode limit
                ? ReadLimit(reader, limit, $"{field} grades.{grade}")
                : throw reader.Error(valueNode, $"{field} grades.{grade}", "expected a mapping with 'min', 'max' or both");
        }

        var missing = grades.Where(g => !limits.ContainsKey(g)).ToList();
        if (baseLimit is null && missing.Count > 0)
        {
            throw reader.Error(node, field + " grades", $"no limit for grade {string.Join(", ", missing)}; give one, or a 'limit' that applies to every grade not listed");
        }

        return limits;
    }

    private static IReadOnlyList<MethodRequirement> ReadRequirements(Reader reader, YamlMappingNode clause, string field)
    {
        var node = reader.Node(clause, "requires");
        if (node is null)
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            throw reader.Error(node, field + " requires", "expected a mapping of method fact to requirement, e.g. { shots: \">= 200\" }");
        }

        var requirements = new List<MethodRequirement>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var fact = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!MethodAssessment.KnownFacts.Contains(fact, StringComparer.Ordinal))
            {
                throw reader.Error(keyNode, field + " requires", $"unknown method fact '{fact}'; expected one of {string.Join(", ", MethodAssessment.KnownFacts)}");
            }

            var text = (valueNode as YamlScalarNode)?.Value ?? "";
            requirements.Add(MethodRequirement.TryParse(fact, text, out var requirement)
                ? requirement!
                : throw reader.Error(valueNode, $"{field} requires.{fact}", $"expected a comparison and a number in quotes, e.g. \">= 200\", found '{text}'"));
        }

        return requirements;
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
