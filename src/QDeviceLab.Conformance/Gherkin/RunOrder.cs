using System.Globalization;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>How scenarios are ordered in a run.</summary>
public enum RunOrderKind
{
    /// <summary>Feature files by path, scenarios as written.</summary>
    Defined,

    /// <summary>The defined order backwards.</summary>
    Reverse,

    /// <summary>Shuffled with a recorded seed, to reveal scenarios that depend on the ones before them.</summary>
    Random,
}

/// <summary>
/// Run-order control as cucumber-js spells it: <c>defined</c>, <c>reverse</c>, <c>random</c> or
/// <c>random:SEED</c>. A random order always carries its seed (drawn when none is given) and the
/// record keeps it, so any shuffled run can be repeated exactly with <c>--order random:SEED</c>.
/// </summary>
public sealed record RunOrder(RunOrderKind Kind, int? Seed = null)
{
    public static RunOrder Defined { get; } = new(RunOrderKind.Defined);

    /// <summary>Reads <c>defined</c>, <c>reverse</c>, <c>random</c> or <c>random:SEED</c> (SEED a 32-bit integer).</summary>
    /// <exception cref="UserInputException">Anything else.</exception>
    public static RunOrder Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        switch (trimmed)
        {
            case "defined":
                return Defined;
            case "reverse":
                return new RunOrder(RunOrderKind.Reverse);
            case "random":
                return new RunOrder(RunOrderKind.Random, System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
        }

        if (trimmed.StartsWith("random:", StringComparison.Ordinal))
        {
            var seedText = trimmed["random:".Length..];
            if (int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
            {
                return new RunOrder(RunOrderKind.Random, seed);
            }

            throw new UserInputException("--order", null, $"the seed of '{text}' must be a whole number between {int.MinValue} and {int.MaxValue}");
        }

        throw new UserInputException("--order", null, $"'{text}' is not an order; expected defined, reverse, random or random:SEED");
    }

    /// <summary>The scenarios in this order; the input (defined order) is left as it is.</summary>
    public IReadOnlyList<T> Apply<T>(IReadOnlyList<T> defined)
    {
        ArgumentNullException.ThrowIfNull(defined);
        switch (Kind)
        {
            case RunOrderKind.Reverse:
                return defined.Reverse().ToList();
            case RunOrderKind.Random:
                // Fisher-Yates with System.Random(seed): the same seed gives the same order on every
                // .NET version, since the seeded algorithm is kept for compatibility.
                var shuffled = defined.ToArray();
                var random = new Random(Seed ?? 0);
                for (var i = shuffled.Length - 1; i > 0; i--)
                {
                    var j = random.Next(i + 1);
                    (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
                }

                return shuffled;
            default:
                return defined;
        }
    }

    /// <summary>The text that reproduces this order: <c>defined</c>, <c>reverse</c> or <c>random:SEED</c>.</summary>
    public override string ToString() => Kind switch
    {
        RunOrderKind.Reverse => "reverse",
        RunOrderKind.Random => "random:" + (Seed ?? 0).ToString(CultureInfo.InvariantCulture),
        _ => "defined",
    };
}
