using System.Text;
using CucumberExpressions;
using CucumberExpressions.Generation;

namespace QDeviceLab.Conformance;

/// <summary>A step definition: a Cucumber Expression and the body it runs.</summary>
public sealed class StepDefinition
{
    internal StepDefinition(string expression, CucumberExpression compiled, Func<StepContext, object?[], Task> body)
    {
        Expression = expression;
        Compiled = compiled;
        Body = body;
    }

    public string Expression { get; }

    public Func<StepContext, object?[], Task> Body { get; }

    internal CucumberExpression Compiled { get; }

    public override string ToString() => Expression;
}

public enum StepMatchKind
{
    Matched,
    Undefined,
    Ambiguous,
}

/// <summary>
/// The outcome of matching step text: the one definition and its argument texts, or why there
/// is none (with a snippet to paste), or the competing definitions.
/// </summary>
public sealed record StepMatch(
    StepMatchKind Kind,
    StepDefinition? Definition,
    IReadOnlyList<StepDefinition> Candidates,
    IReadOnlyList<string?> ArgumentTexts,
    string? Snippet)
{
    /// <summary>Message for the report: undefined with its snippet, or ambiguous with the competing expressions.</summary>
    public string? Problem => Kind switch
    {
        StepMatchKind.Undefined => "undefined step; define it with:\n" + Snippet,
        StepMatchKind.Ambiguous => "ambiguous step; it matches " + string.Join(" and ", Candidates.Select(c => $"\"{c.Expression}\"")),
        _ => null,
    };
}

/// <summary>
/// Step definitions written as Cucumber Expressions, with the built-in parameter types
/// {int} {float} {word} {string} {} and QDeviceLab's {duration} (seconds) and {temperature} (kelvin).
/// </summary>
public sealed class StepRegistry : IParameterTypeRegistry
{
    private readonly Dictionary<string, StepParameterType> parameterTypes = new(StringComparer.Ordinal);
    private readonly List<StepDefinition> definitions = [];

    public StepRegistry()
    {
        foreach (var type in new[]
        {
            StepParameterType.Duration, StepParameterType.Temperature, StepParameterType.Int, StepParameterType.Float,
            StepParameterType.Word, StepParameterType.String, StepParameterType.Anonymous,
        })
        {
            parameterTypes.Add(type.Name, type);
        }
    }

    public IReadOnlyList<StepDefinition> Definitions => definitions;

    /// <summary>Registers a custom parameter type, usable in expressions defined afterwards.</summary>
    public void DefineParameterType(StepParameterType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!parameterTypes.TryAdd(type.Name, type))
        {
            throw new ArgumentException($"parameter type {{{type.Name}}} is already defined", nameof(type));
        }
    }

    /// <summary>Registers a step. Arguments arrive converted, in expression order.</summary>
    /// <exception cref="ArgumentException">The expression is malformed or names an unknown parameter type.</exception>
    public StepDefinition Define(string cucumberExpression, Func<StepContext, object?[], Task> body)
    {
        ArgumentNullException.ThrowIfNull(cucumberExpression);
        ArgumentNullException.ThrowIfNull(body);
        CucumberExpression compiled;
        try
        {
            compiled = new CucumberExpression(cucumberExpression, this);
        }
        catch (CucumberExpressionException e)
        {
            var reason = e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            throw new ArgumentException($"step expression \"{cucumberExpression}\": {string.Join(" ", reason.Skip(3))}", nameof(cucumberExpression), e);
        }

        var definition = new StepDefinition(cucumberExpression, compiled, body);
        definitions.Add(definition);
        return definition;
    }

    /// <summary>Registers a synchronous step.</summary>
    public StepDefinition Define(string cucumberExpression, Action<StepContext, object?[]> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Define(cucumberExpression, (ctx, args) =>
        {
            body(ctx, args);
            return Task.CompletedTask;
        });
    }

    /// <summary>Finds the definitions whose expression matches the whole step text.</summary>
    public StepMatch Match(string stepText)
    {
        ArgumentNullException.ThrowIfNull(stepText);
        var found = new List<(StepDefinition Definition, System.Text.RegularExpressions.Match Match)>();
        foreach (var definition in definitions)
        {
            var match = definition.Compiled.Regex.Match(stepText);
            if (match.Success)
            {
                found.Add((definition, match));
            }
        }

        return found.Count switch
        {
            0 => new StepMatch(StepMatchKind.Undefined, null, [], [], Snippet(stepText)),
            1 => new StepMatch(
                StepMatchKind.Matched,
                found[0].Definition,
                [found[0].Definition],
                found[0].Match.Groups.Cast<System.Text.RegularExpressions.Group>().Skip(1).Select(g => g.Success ? g.Value : null).ToList(),
                null),
            _ => new StepMatch(StepMatchKind.Ambiguous, null, found.Select(f => f.Definition).ToList(), [], null),
        };
    }

    /// <summary>Converts the captured texts of a match with the definition's parameter types.</summary>
    /// <exception cref="FormatException">A captured text cannot be converted.</exception>
    public static object?[] ConvertArguments(StepMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (match.Definition is not { } definition)
        {
            throw new InvalidOperationException("only a matched step has arguments");
        }

        var types = definition.Compiled.ParameterTypes;
        var values = new object?[match.ArgumentTexts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var text = match.ArgumentTexts[i];
            values[i] = text is null ? null : ((StepParameterType)types[i]).Convert(text);
        }

        return values;
    }

    /// <summary>A ready-to-paste definition for undefined step text, guessing parameters from its numbers and strings.</summary>
    public string Snippet(string stepText)
    {
        var generated = new CucumberExpressionGenerator(this).GenerateExpressions(stepText).FirstOrDefault();
        var expression = generated?.GetSource() ?? stepText;
        var types = generated?.GetParameterTypes() ?? [];
        var names = generated?.GetParameterNames() ?? [];
        var snippet = new StringBuilder();
        snippet.Append("registry.Define(\"").Append(EscapeCSharp(expression)).Append("\", (ctx, args) =>\n{\n");
        for (var i = 0; i < types.Length; i++)
        {
            var typeName = types[i].ParameterType == typeof(int) ? "int" : types[i].ParameterType == typeof(double) ? "double" : "string";
            snippet.Append($"    var {Identifier(names[i])} = ({typeName})args[{i}]!;\n");
        }

        snippet.Append("    throw new PendingStepException();\n});");
        return snippet.ToString();
    }

    IParameterType IParameterTypeRegistry.LookupByTypeName(string name) =>
        parameterTypes.TryGetValue(name, out var type) ? type : null!;

    IEnumerable<IParameterType> IParameterTypeRegistry.GetParameterTypes() => parameterTypes.Values;

    private static string EscapeCSharp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Identifier(string name)
    {
        var cleaned = new string(name.Where(char.IsLetterOrDigit).ToArray());
        return cleaned switch
        {
            "" => "arg",
            "string" or "int" or "float" or "double" => "@" + cleaned,
            _ when char.IsDigit(cleaned[0]) => "arg" + cleaned,
            _ => cleaned,
        };
    }
}
