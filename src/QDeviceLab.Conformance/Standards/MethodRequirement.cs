using System.Globalization;

namespace QDeviceLab.Conformance;

/// <summary>How a method fact is compared with a requirement's bound.</summary>
public enum RequirementComparison
{
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    Exactly,
}

/// <summary>
/// One method requirement of a clause, e.g. <c>shots: "&gt;= 200"</c>: the method fact named
/// <paramref name="Fact"/> (docs/standards-profiles.md) must compare so with <paramref name="Bound"/>.
/// A measurement whose method misses a requirement is NONCONFORMING METHOD, whatever its value.
/// </summary>
public sealed record MethodRequirement(string Fact, RequirementComparison Comparison, double Bound)
{
    private static readonly (string Symbol, RequirementComparison Comparison)[] Operators =
    [
        (">=", RequirementComparison.AtLeast),
        ("<=", RequirementComparison.AtMost),
        ("==", RequirementComparison.Exactly),
        (">", RequirementComparison.MoreThan),
        ("<", RequirementComparison.LessThan),
    ];

    public string Operator => Operators.First(o => o.Comparison == Comparison).Symbol;

    public bool IsMetBy(double value) => Comparison switch
    {
        RequirementComparison.AtLeast => value >= Bound,
        RequirementComparison.MoreThan => value > Bound,
        RequirementComparison.AtMost => value <= Bound,
        RequirementComparison.LessThan => value < Bound,
        _ => value == Bound,
    };

    /// <summary>Parses the right-hand side as a profile writes it: <c>"&gt;= 3"</c>, <c>"&lt; 1e-6"</c>, <c>"== 4"</c>.</summary>
    /// <returns>False when the text is not an operator followed by a finite number.</returns>
    public static bool TryParse(string fact, string text, out MethodRequirement? requirement)
    {
        ArgumentNullException.ThrowIfNull(text);
        requirement = null;
        var trimmed = text.Trim();
        foreach (var (symbol, comparison) in Operators)
        {
            if (trimmed.StartsWith(symbol, StringComparison.Ordinal)
                && double.TryParse(trimmed[symbol.Length..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var bound)
                && double.IsFinite(bound))
            {
                requirement = new MethodRequirement(fact, comparison, bound);
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Fact} {Operator} {Bound:G6}");
}
