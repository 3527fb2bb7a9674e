using QDeviceLab.Conformance;

namespace QDeviceLab.Compatibility;

/// <summary>
/// Step definitions equivalent to the kit's TypeScript ones (features/NAME/NAME.ts), one
/// method per sample, in the same order (the order decides the step definition ids). World
/// state lives in the scenario's items, as it lives on <c>this</c> in the kit.
/// </summary>
internal static class KitSteps
{
    public static void Define(string sample, StepRegistry r)
    {
        switch (sample)
        {
            case "minimal":
                r.Define("I have {int} cukes in my belly", (_, _) => { });
                break;
            case "cdata":
                r.Define("I have {int} <![CDATA[cukes]]> in my belly", (_, _) => { });
                break;
            case "backgrounds" or "rules-backgrounds":
                r.Define("an order for {string}", (_, _) => { });
                r.Define("an action", (_, _) => { });
                r.Define("an outcome", (_, _) => { });
                break;
            case "multiple-features" or "multiple-features-reversed":
                r.Define("an order for {string}", (_, _) => { });
                break;
            case "data-tables":
                r.Define("the following table is transposed:", (ctx, _) => ctx.Scenario.Items["transposed"] = Transpose(ctx.DataTable!));
                r.Define("it should be:", (ctx, _) => AssertTablesEqual(ctx.DataTable!, ctx.Scenario.Get<List<List<string>>>("transposed")));
                break;
            case "doc-strings":
                r.Define("a doc string:", (_, _) => { });
                break;
            case "empty":
                break;
            case "examples-tables" or "examples-tables-undefined" or "examples-tables-undefined-multiple":
                Cucumbers(r, withFriends: sample == "examples-tables");
                break;
            case "rules":
                Chocolate(r);
                break;
            case "undefined" or "undefined-multiple":
                r.Define("an implemented step", (_, _) => { });
                r.Define("a step that will be skipped", (_, _) => { });
                break;
            case "unused-steps":
                r.Define("a step that is used", (_, _) => { });
                r.Define("a step that is not used", (_, _) => { });
                break;
            case "pending":
                r.Define("an implemented non-pending step", (_, _) => { });
                r.Define("an implemented step that is skipped", (_, _) => { });
                r.Define("an unimplemented pending step", (_, _) => throw new PendingStepException());
                break;
            case "pending-exception":
                r.Define("an unimplemented pending step", (_, _) => throw new PendingStepException("TODO"));
                break;
            case "skipped":
                r.Define("a step that does not skip", (_, _) => { });
                r.Define("a step that is skipped", (_, _) => { });
                r.Define("I skip a step", (_, _) => throw new SkippedStepException());
                break;
            case "skipped-exception":
                r.Define("I skip a step", (_, _) => throw new SkippedStepException("skipping"));
                break;
            case "ambiguous":
                r.DefineRegex("^a (.*?) with (.*?)$", (_, _) => { });
                r.DefineRegex("^a step with (.*?)$", (_, _) => { });
                break;
            case "regular-expression":
                r.DefineRegex("^a (.*?)(?: and a (.*?))?(?: and a (.*?))?$", (_, _) => { });
                break;
            case "all-statuses" or "failedish-combinations":
                AllStatuses(r, sample);
                break;
            case "parameter-types":
                // The kit's transformer takes the two capture groups; ours gets the matched text
                // and reads the same two groups from it with the same regular expression.
                r.DefineParameterType(new StepParameterType("flight", [FlightPattern], typeof(Flight), text =>
                {
                    var match = System.Text.RegularExpressions.Regex.Match(text, "^" + FlightPattern + "$");
                    return new Flight(match.Groups[1].Value, match.Groups[2].Value);
                }));
                r.Define("{flight} has been delayed", (_, a) =>
                {
                    var flight = (Flight)a[0]!;
                    AssertEqual(flight.From, "LHR");
                    AssertEqual(flight.To, "CDG");
                });
                break;
            case "stack-traces":
                r.Define("a step throws an exception", (_, _) => throw new InvalidOperationException("BOOM"));
                break;
            case "unknown-parameter-type":
                try
                {
                    r.Define("{airport} is closed because of a strike", (_, _) => throw new InvalidOperationException("Should not be called because airport parameter type has not been defined"));
                }
                catch (ArgumentException)
                {
                    // Refused, as Cucumber refuses it; the registry remembers it for the messages.
                }

                break;
            default:
                throw new ArgumentException($"no step definitions for kit sample '{sample}'", nameof(sample));
        }
    }

    private const string FlightPattern = "([A-Z]{3})-([A-Z]{3})";

    private sealed record Flight(string From, string To);

    private static void Cucumbers(StepRegistry r, bool withFriends)
    {
        r.Define("there are {int} cucumbers", (ctx, a) => ctx.Scenario.Items["count"] = (int)a[0]!);
        if (withFriends)
        {
            r.Define("there are {int} friends", (ctx, a) => ctx.Scenario.Items["friends"] = (int)a[0]!);
        }

        r.Define("I eat {int} cucumbers", (ctx, a) => ctx.Scenario.Items["count"] = ctx.Scenario.Get<int>("count") - (int)a[0]!);
        r.Define("I should have {int} cucumbers", (ctx, a) => AssertEqual(ctx.Scenario.Get<int>("count"), (int)a[0]!));
        if (withFriends)
        {
            r.Define("each person can eat {int} cucumbers", (ctx, a) =>
            {
                var share = (int)Math.Floor(ctx.Scenario.Get<int>("count") / (1.0 + ctx.Scenario.Get<int>("friends")));
                AssertEqual(share, (int)a[0]!);
            });
        }
    }

    private static void Chocolate(StepRegistry r)
    {
        r.Define("the customer has {int} cents", (ctx, a) => ctx.Scenario.Items["money"] = (int)a[0]!);
        r.Define("there are chocolate bars in stock", (ctx, _) => ctx.Scenario.Items["stock"] = new Stack<string>(["Mars"]));
        r.Define("there are no chocolate bars in stock", (ctx, _) => ctx.Scenario.Items["stock"] = new Stack<string>());
        r.Define("the customer tries to buy a {int} cent chocolate bar", (ctx, a) =>
        {
            if (ctx.Scenario.Get<int>("money") >= (int)a[0]!)
            {
                ctx.Scenario.Get<Stack<string>>("stock").TryPop(out var bar);
                ctx.Scenario.Items["chocolate"] = bar;
            }
        });
        r.Define("the sale should not happen", (ctx, _) => AssertEqual(null, ctx.Scenario.Items.GetValueOrDefault("chocolate")));
        r.Define("the sale should happen", (ctx, _) =>
        {
            if (ctx.Scenario.Items.GetValueOrDefault("chocolate") is null)
            {
                throw new InvalidOperationException("expected a chocolate bar");
            }
        });
    }

    private static void AllStatuses(StepRegistry r, string sample)
    {
        // Same definitions in both samples, declared in each sample's own order.
        var failing = () => r.DefineRegex("^a failing step$", (_, _) => throw new InvalidOperationException("whoops"));
        r.DefineRegex("^a step$", (_, _) => { });
        if (sample == "all-statuses")
        {
            failing();
            r.DefineRegex("^a pending step$", (_, _) => throw new PendingStepException());
            r.DefineRegex("^a skipped step$", (_, _) => throw new SkippedStepException());
        }
        else
        {
            r.DefineRegex("^a skipped step$", (_, _) => throw new SkippedStepException());
            r.DefineRegex("^a pending step$", (_, _) => throw new PendingStepException());
        }

        r.DefineRegex("^an ambiguous (.*?)$", (_, _) => { });
        r.DefineRegex("^(.*?) ambiguous step$", (_, _) => { });
        if (sample == "failedish-combinations")
        {
            failing();
        }
    }

    private static List<List<string>> Transpose(IReadOnlyList<IReadOnlyList<string>> table) =>
        Enumerable.Range(0, table[0].Count).Select(c => table.Select(row => row[c]).ToList()).ToList();

    private static void AssertTablesEqual(IReadOnlyList<IReadOnlyList<string>> expected, List<List<string>> actual)
    {
        var same = expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.SequenceEqual(p.Second));
        if (!same)
        {
            throw new InvalidOperationException("tables differ");
        }
    }

    private static void AssertEqual(object? actual, object? expected)
    {
        if (!Equals(actual, expected))
        {
            throw new InvalidOperationException($"Expected values to be strictly equal: {actual} !== {expected}");
        }
    }
}
