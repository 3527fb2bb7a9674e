using System.Globalization;
using CucumberExpressions;

namespace QDeviceLab.Conformance;

/// <summary>
/// A named Cucumber Expression parameter such as <c>{duration}</c>: the regular expression
/// that captures its text and the conversion into the value handed to a step body.
/// Regexes must not contain capturing groups the conversion relies on: the expression
/// engine turns them into non-capturing groups and the conversion sees the whole match.
/// </summary>
public sealed class StepParameterType : IParameterType
{
    private readonly Func<string, object?> convert;

    public StepParameterType(string name, IReadOnlyList<string> regexes, Type valueType, Func<string, object?> convert, bool useForSnippets = true, int weight = 0)
        : this(name, regexes, valueType, convert, useForSnippets, weight, anonymous: false)
    {
    }

    private StepParameterType(string name, IReadOnlyList<string> regexes, Type valueType, Func<string, object?> convert, bool useForSnippets, int weight, bool anonymous)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!anonymous && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a parameter type needs a name; {} is built in", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(regexes);
        ArgumentNullException.ThrowIfNull(valueType);
        ArgumentNullException.ThrowIfNull(convert);
        if (regexes.Count == 0)
        {
            throw new ArgumentException("a parameter type needs at least one regular expression", nameof(regexes));
        }

        Name = name;
        RegexStrings = [.. regexes];
        ParameterType = valueType;
        this.convert = convert;
        UseForSnippets = useForSnippets;
        Weight = weight;
    }

    public string Name { get; }

    public string[] RegexStrings { get; }

    /// <summary>The CLR type of converted values (used in snippets).</summary>
    public Type ParameterType { get; }

    public int Weight { get; }

    public bool UseForSnippets { get; }

    /// <summary>Converts the captured text; throws <see cref="FormatException"/> on text it cannot read.</summary>
    public object? Convert(string text) => convert(text);

    internal const string Number = @"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?";

    /// <summary>A time span with a unit (s, ms, µs, us, ns), converted to seconds.</summary>
    public static StepParameterType Duration { get; } = new(
        "duration",
        [Number + @" ?(?:s|ms|µs|μs|us|ns)"],
        typeof(double),
        text => ParseWithUnit(text, "duration", new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["s"] = 1, ["ms"] = 1e-3, ["µs"] = 1e-6, ["μs"] = 1e-6, ["us"] = 1e-6, ["ns"] = 1e-9,
        }),
        weight: 1);

    /// <summary>A cryogenic temperature with a unit (K, mK, µK, uK), converted to kelvin.</summary>
    public static StepParameterType Temperature { get; } = new(
        "temperature",
        [Number + @" ?(?:K|mK|µK|μK|uK)"],
        typeof(double),
        text => ParseWithUnit(text, "temperature", new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["K"] = 1, ["mK"] = 1e-3, ["µK"] = 1e-6, ["μK"] = 1e-6, ["uK"] = 1e-6,
        }),
        weight: 1);

    internal static StepParameterType Int { get; } = new(
        "int", [@"[-+]?\d+"], typeof(int), text => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), weight: 1000);

    internal static StepParameterType Float { get; } = new(
        "float", [Number], typeof(double), text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    internal static StepParameterType Word { get; } = new("word", [@"[^\s]+"], typeof(string), text => text, useForSnippets: false);

    internal static StepParameterType String { get; } = new(
        "string", [@"""([^""\\]*(?:\\.[^""\\]*)*)""", @"'([^'\\]*(?:\\.[^'\\]*)*)'"], typeof(string), Unquote);

    internal static StepParameterType Anonymous { get; } = new("", [".*"], typeof(string), text => text, useForSnippets: false, weight: 0, anonymous: true);

    /// <summary>True for the types every Cucumber has ({int} {float} {word} {string} {}), which Cucumber Messages do not announce.</summary>
    internal static bool IsCucumberBuiltIn(StepParameterType type) =>
        ReferenceEquals(type, Int) || ReferenceEquals(type, Float) || ReferenceEquals(type, Word) || ReferenceEquals(type, String) || ReferenceEquals(type, Anonymous);

    private static double ParseWithUnit(string text, string what, Dictionary<string, double> scale)
    {
        var unitStart = text.Length;
        while (unitStart > 0 && !char.IsDigit(text[unitStart - 1]) && text[unitStart - 1] != '.')
        {
            unitStart--;
        }

        var unit = text[unitStart..].Trim();
        if (!scale.TryGetValue(unit, out var factor))
        {
            throw new FormatException($"'{text}' is not a {what}: unknown unit '{unit}'");
        }

        return double.Parse(text[..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture) * factor;
    }

    private static string Unquote(string text)
    {
        var body = text[1..^1];
        var result = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
            }

            result.Append(body[i]);
        }

        return result.ToString();
    }
}
