namespace QDeviceLab.Conformance.Tests;

public class StepRegistryTests
{
    private static object?[] ArgumentsOf(StepRegistry registry, string text)
    {
        var match = registry.Match(text);
        Assert.Equal(StepMatchKind.Matched, match.Kind);
        return StepRegistry.ConvertArguments(match);
    }

    private static StepRegistry With(string expression)
    {
        var registry = new StepRegistry();
        registry.Define(expression, (_, _) => Task.CompletedTask);
        return registry;
    }

    [Theory]
    [InlineData("300 µs", 300e-6)]
    [InlineData("300 us", 300e-6)]
    [InlineData("300 μs", 300e-6)]
    [InlineData("1.5 ms", 1.5e-3)]
    [InlineData("40 ns", 40e-9)]
    [InlineData("2 s", 2.0)]
    [InlineData("2.5e2 ns", 250e-9)]
    [InlineData("10ms", 10e-3)]
    public void Duration_converts_to_seconds(string text, double seconds)
    {
        var args = ArgumentsOf(With("I wait {duration}"), "I wait " + text);

        Assert.Equal(seconds, (double)args[0]!, 15);
    }

    [Theory]
    [InlineData("20 mK", 0.020)]
    [InlineData("0.02 K", 0.020)]
    [InlineData("300 K", 300.0)]
    [InlineData("500 uK", 500e-6)]
    public void Temperature_converts_to_kelvin(string text, double kelvin)
    {
        var args = ArgumentsOf(With("the mixing chamber is below {temperature}"), "the mixing chamber is below " + text);

        Assert.Equal(kelvin, (double)args[0]!, 15);
    }

    [Fact]
    public void Built_in_types_convert_int_float_word_and_string()
    {
        var args = ArgumentsOf(
            With("I run {int} shots at {float} V on {word} named {string}"),
            "I run 1000 shots at -0.25 V on q0 named \"main \\\"readout\\\"\"");

        Assert.Equal(1000, args[0]);
        Assert.Equal(-0.25, args[1]);
        Assert.Equal("q0", args[2]);
        Assert.Equal("main \"readout\"", args[3]);
    }

    [Fact]
    public void Unit_words_do_not_match_a_duration()
    {
        var registry = With("I wait {duration}");

        Assert.Equal(StepMatchKind.Undefined, registry.Match("I wait 300 mK").Kind);
        Assert.Equal(StepMatchKind.Undefined, registry.Match("I wait a while").Kind);
    }

    [Fact]
    public void Custom_parameter_types_can_be_registered()
    {
        var registry = new StepRegistry();
        registry.DefineParameterType(new StepParameterType("qubit", [@"q\d+"], typeof(int), text => int.Parse(text[1..])));
        registry.Define("qubit {qubit} is idle", (_, _) => Task.CompletedTask);

        Assert.Equal(7, ArgumentsOf(registry, "qubit q7 is idle")[0]);
    }

    [Fact]
    public void Unknown_parameter_type_is_refused_when_defined()
    {
        var registry = new StepRegistry();

        var error = Assert.Throws<ArgumentException>(() => registry.Define("I use {gizmo}", (_, _) => Task.CompletedTask));

        Assert.Contains("I use {gizmo}", error.Message);
        Assert.Contains("gizmo", error.Message);
    }

    [Fact]
    public void Undefined_step_offers_a_snippet_with_guessed_parameters()
    {
        var registry = new StepRegistry();

        var match = registry.Match("I measure T1 on \"q0\" with 41 delays up to 300 µs");

        Assert.Equal(StepMatchKind.Undefined, match.Kind);
        Assert.StartsWith("registry.Define(\"I measure T1 on {string} with {int} delays up to {duration}\", (ctx, args) =>", match.Snippet);
        Assert.Contains("(string)args[0]!", match.Snippet);
        Assert.Contains("(int)args[1]!", match.Snippet);
        Assert.Contains("(double)args[2]!", match.Snippet);
        Assert.Contains("throw new PendingStepException();", match.Snippet);
        Assert.Contains(match.Snippet!, match.Problem);
    }

    [Fact]
    public void Two_matching_definitions_are_ambiguous_and_both_are_named()
    {
        var registry = new StepRegistry();
        registry.Define("I wait {duration}", (_, _) => Task.CompletedTask);
        registry.Define("I wait {float} ms", (_, _) => Task.CompletedTask);

        var match = registry.Match("I wait 1.5 ms");

        Assert.Equal(StepMatchKind.Ambiguous, match.Kind);
        Assert.Contains("\"I wait {duration}\"", match.Problem);
        Assert.Contains("\"I wait {float} ms\"", match.Problem);
    }
}
