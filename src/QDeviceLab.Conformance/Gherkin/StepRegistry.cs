using System.Text;
using CucumberExpressions;
using CucumberExpressions.Generation;
using CucumberExpressions.Parsing;

namespace QDeviceLab.Conformance;

/// <summary>How a step definition's pattern is written, as Cucumber Messages name it.</summary>
public enum StepPatternKind
{
    CucumberExpression,
    RegularExpression,
}

/// <summary>
/// A step definition: a Cucumber Expression (or, for definitions carried over from other
/// Cucumber suites, a regular expression) and the body it runs.
/// </summary>
public sealed class StepDefinition
{
    internal StepDefinition(string expression, IExpression compiled, StepPatternKind kind, Func<StepContext, object?[], Task> body)
    {
        Expression = expression;
        Compiled = compiled;
        Kind = kind;
        Body = body;
        Groups = new TreeRegexp(compiled.Regex);
    }

    public string Expression { get; }

    public StepPatternKind Kind { get; }

    public Func<StepContext, object?[], Task> Body { get; }

    internal IExpression Compiled { get; }

    /// <summary>The pattern's capture groups as a tree, for the match arguments Cucumber Messages report.</summary>
    internal TreeRegexp Groups { get; }

    /// <summary>Parameter type of each top-level capture group; none for a regular expression (its captures stay text).</summary>
    internal IReadOnlyList<StepParameterType?> ParameterTypes =>
        Compiled is CucumberExpression cucumber ? cucumber.ParameterTypes.Cast<StepParameterType?>().ToList() : [];

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
    private readonly List<UndefinedParameterTypeUse> undefinedParameterTypes = [];

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

    /// <summary>
    /// Expressions refused because they name a parameter type nobody defined, remembered so
    /// Cucumber Messages can report them (<c>undefinedParameterType</c>) as Cucumber does.
    /// </summary>
    public IReadOnlyList<UndefinedParameterTypeUse> UndefinedParameterTypes => undefinedParameterTypes;

    /// <summary>Parameter types beyond Cucumber's own {int} {float} {word} {string} {}: QDeviceLab's and any defined later.</summary>
    public IEnumerable<StepParameterType> CustomParameterTypes =>
        parameterTypes.Values.Where(t => !StepParameterType.IsCucumberBuiltIn(t));

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
        catch (UndefinedParameterTypeException e)
        {
            undefinedParameterTypes.Add(new UndefinedParameterTypeUse(e.UndefinedParameterTypeName, cucumberExpression));
            throw new ArgumentException($"step expression \"{cucumberExpression}\": no parameter type {{{e.UndefinedParameterTypeName}}} is defined", nameof(cucumberExpression), e);
        }
        catch (CucumberExpressionException e)
        {
            var reason = e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            throw new ArgumentException($"step expression \"{cucumberExpression}\": {string.Join(" ", reason.Skip(3))}", nameof(cucumberExpression), e);
        }

        var definition = new StepDefinition(cucumberExpression, compiled, StepPatternKind.CucumberExpression, body);
        definitions.Add(definition);
        return definition;
    }

    /// <summary>
    /// Registers a step written as a regular expression, for definitions carried over from
    /// suites that use them. Captures arrive as text (null when a group did not take part).
    /// Prefer Cucumber Expressions: they read as the lab's words and convert units.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public StepDefinition DefineRegex(string pattern, Func<StepContext, object?[], Task> body)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(body);
        System.Text.RegularExpressions.Regex regex;
        try
        {
            regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        }
        catch (System.Text.RegularExpressions.RegexParseException e)
        {
            throw new ArgumentException($"step regular expression /{pattern}/: {e.Message}", nameof(pattern), e);
        }

        var definition = new StepDefinition(pattern, new RegularExpression(regex), StepPatternKind.RegularExpression, body);
        definitions.Add(definition);
        return definition;
    }

    /// <summary>Registers a synchronous regular-expression step.</summary>
    public StepDefinition DefineRegex(string pattern, Action<StepContext, object?[]> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return DefineRegex(pattern, (ctx, args) =>
        {
            body(ctx, args);
            return Task.CompletedTask;
        });
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
                found[0].Definition.Groups.Match(stepText)!.Children.Select(g => g.Value).ToList(),
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

        var types = definition.ParameterTypes;
        var values = new object?[match.ArgumentTexts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var text = match.ArgumentTexts[i];
            values[i] = text is null ? null : i < types.Count && types[i] is { } type ? type.Convert(text) : text;
        }

        return values;
    }

    /// <summary>A ready-to-paste definition for undefined step text, guessing parameters from its numbers and strings.</summary>
    public string Snippet(string stepText) => Snippets(stepText)[0];

    /// <summary>
    /// Every ready-to-paste definition for undefined step text, most specific guess first (a
    /// number gives one with {int} and one with {float}), as Cucumber suggests them.
    /// </summary>
    public IReadOnlyList<string> Snippets(string stepText)
    {
        ArgumentNullException.ThrowIfNull(stepText);
        var generated = new CucumberExpressionGenerator(this).GenerateExpressions(stepText);
        if (generated.Length == 0)
        {
            return [SnippetOf(stepText, [], [])];
        }

        return generated.SelectMany(WithFloatAlternatives).ToList();
    }

    /// <summary>
    /// The .NET generator proposes a whole number only as {int}; Cucumber proposes it as {int}
    /// and as {float} (a T1 written "40 us" today may be "40.5 us" tomorrow), every combination
    /// in order, the first position varying slowest.
    /// </summary>
    private IEnumerable<string> WithFloatAlternatives(GeneratedExpression generated)
    {
        var source = generated.GetSource();
        var types = generated.GetParameterTypes();
        var names = generated.GetParameterNames();
        var pieces = source.Split('{');
        if (pieces.Length != types.Length + 1)
        {
            // Escaped braces in the step text: keep the generator's one proposal.
            return [SnippetOf(source, types, names)];
        }

        IEnumerable<(string Text, IParameterType[] Types, string[] Names)> variants = [(pieces[0], [], [])];
        for (var i = 0; i < types.Length; i++)
        {
            var index = i;
            var rest = pieces[i + 1][(pieces[i + 1].IndexOf('}', StringComparison.Ordinal) + 1)..];
            var choices = types[i].Name == StepParameterType.Int.Name
                ? new[] { (IParameterType)StepParameterType.Int, StepParameterType.Float }
                : [types[i]];
            variants = variants.SelectMany(v => choices.Select(c =>
                (v.Text + "{" + c.Name + "}" + rest,
                 v.Types.Append(c).ToArray(),
                 v.Names.Append(c == types[index] ? names[index] : c.Name).ToArray())));
        }

        return variants.Select(v => SnippetOf(v.Text, v.Types, v.Names));
    }

    private static string SnippetOf(string expression, IParameterType[] types, IReadOnlyList<string> names)
    {
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

/// <summary>A step expression that named a parameter type nobody defined (Cucumber's <c>undefinedParameterType</c>).</summary>
public sealed record UndefinedParameterTypeUse(string Name, string Expression);
