using System.Globalization;
using System.Text.Json;
using QDeviceLab.Cli.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Cli.Tests;

/// <summary>
/// <c>qdlab run</c> end to end, in process, against the embedded emulated station over real
/// loopback sockets.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static async Task<(int Code, string Output, string Error)> Qdlab(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await QdlabCommand.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Defaults(params string[] more) =>
        [.. more, "--standards", Repository.Path("standards"), "--station", Repository.Path("instruments", "stations", "emulated.yaml")];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task The_default_suite_passes_and_every_time_lies_within_3_uncertainties_of_the_truth(int seed)
    {
        var outDir = Path.Combine(_folder, "run");
        var (code, output, error) = await Qdlab(Defaults("run", Repository.Path("features"), "--tags", "@t1 or @t2star", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", outDir));

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var truth = Truth();
        var metrics = report.RootElement.GetProperty("metrics").EnumerateArray()
            .Where(m => truth.ContainsKey((m.GetProperty("qubit").GetString()!, m.GetProperty("metric").GetString()!)))
            .ToList();
        Assert.True(metrics.Count >= 6, $"expected T1 and T2* of at least 3 qubits, found {metrics.Count} such metrics");
        foreach (var metric in metrics)
        {
            var qubit = metric.GetProperty("qubit").GetString()!;
            var symbol = metric.GetProperty("metric").GetString()!;
            var value = metric.GetProperty("value").GetDouble();
            var u = metric.GetProperty("standardUncertainty").GetDouble();
            var expected = truth[(qubit, symbol)];
            Assert.True(Math.Abs(value - expected) <= 3 * u,
                $"seed {seed}: {symbol} of {qubit} = {value:G4} ± {u:G3} s but the emulator's truth is {expected:G4} s");
            Assert.InRange(u / expected, 0.002, 0.15);
            Assert.True(File.Exists(Path.Combine(outDir, metric.GetProperty("rawDataFile").GetString()!)));
        }

        Assert.Contains("Overall verdict: PASS", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "junit.xml")));
    }

    /// <summary>True T1 and T2* per qubit, read straight from the station file's emulator section.</summary>
    private static Dictionary<(string, string), double> Truth()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Repository.Path("instruments", "stations", "emulated.yaml"))));
        var qubits = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["emulator"])["qubits"];
        var truth = new Dictionary<(string, string), double>();
        foreach (var (name, node) in qubits.Children)
        {
            var q = (YamlMappingNode)node;
            var qubit = ((YamlScalarNode)name).Value!;
            truth[(qubit, "T1")] = double.Parse(((YamlScalarNode)q["t1"]).Value!, CultureInfo.InvariantCulture);
            truth[(qubit, "T2*")] = double.Parse(((YamlScalarNode)q["t2_star"]).Value!, CultureInfo.InvariantCulture);
        }

        return truth;
    }

    [Fact]
    public async Task Tags_select_scenarios()
    {
        var outDir = Path.Combine(_folder, "tagged");
        var (code, output, _) = await Qdlab(Defaults("run", Repository.Path("features"), "--tags", "@coherence and not (@t2star or @t2echo or @t2cpmg or @tphi)", "--out", outDir, "--dry-run"));
        Assert.Contains("[5/5] T1 of qubit q4", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[6/", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "report.json")));
        Assert.NotEqual(64, code);
    }

    [Fact]
    public async Task Order_reverse_runs_the_last_scenario_first()
    {
        var outDir = Path.Combine(_folder, "reversed");
        var (_, output, _) = await Qdlab(Defaults("run", Repository.Path("features"), "--tags", "@coherence and not (@t2star or @t2echo or @t2cpmg or @tphi)", "--out", outDir, "--dry-run", "--order", "reverse"));
        Assert.Contains("[1/5] T1 of qubit q4", output, StringComparison.Ordinal);
        Assert.Contains("[5/5] T1 of qubit q0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_random_order_prints_and_records_its_seed_so_it_can_be_repeated()
    {
        var first = Path.Combine(_folder, "random-1");
        var again = Path.Combine(_folder, "random-2");
        string[] Args(string outDir, string order) => Defaults("run", Repository.Path("features"), "--tags", "@coherence", "--out", outDir, "--dry-run", "--order", order);

        var (_, output, _) = await Qdlab(Args(first, "random"));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "report.json")));
        var order = report.RootElement.GetProperty("order").GetString()!;
        Assert.StartsWith("random:", order, StringComparison.Ordinal);
        Assert.Contains($"--order {order} repeats it", output, StringComparison.Ordinal);
        await Qdlab(Args(again, order));
        using var repeated = JsonDocument.Parse(File.ReadAllText(Path.Combine(again, "report.json")));
        static string Names(JsonDocument d) => string.Join("|", d.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString() + s.GetProperty("line").GetInt32()));
        Assert.Equal(Names(report), Names(repeated));
    }

    [Fact]
    public async Task An_order_that_is_not_one_is_an_input_error_naming_the_option()
    {
        var (code, _, error) = await Qdlab(Defaults("run", Repository.Path("features"), "--dry-run", "--order", "shuffle"));
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("--order", error, StringComparison.Ordinal);
        Assert.Contains("'shuffle'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (code, _, error) = await Qdlab("run", "--bogus");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_a_usage_error()
    {
        var (code, _, error) = await Qdlab(Defaults("run", Path.Combine(_folder, "nope.feature")));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("nope.feature' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_feature_is_an_input_error_naming_file_and_line()
    {
        var feature = Path.Combine(_folder, "broken.feature");
        File.WriteAllText(feature, "Feature: broken\n  Scenario: a\n    Given the mixing chamber is colder than 20 mK\n  Wibble wobble\n");
        var (code, output, error) = await Qdlab(Defaults("run", feature));
        Assert.Equal(ExitCodes.InputError, code);
        Assert.StartsWith($"error: {feature}:4:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_station_file_with_a_wrong_field_is_an_input_error_naming_the_field()
    {
        var station = Path.Combine(_folder, "station.yaml");
        File.WriteAllText(station, File.ReadAllText(Repository.Path("instruments", "stations", "emulated.yaml"))
            .Replace("i_channel: 3", "i_channel: three", StringComparison.Ordinal));
        var (code, _, error) = await Qdlab("run", Repository.Path("features"), "--standards", Repository.Path("standards"), "--station", station);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("field 'qubits.q1.drive.i_channel'", error, StringComparison.Ordinal);
        Assert.Contains(station + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undefined_step_makes_the_run_an_error_and_prints_a_snippet()
    {
        var feature = Path.Combine(_folder, "undefined.feature");
        File.WriteAllText(feature, "Feature: x\n  Scenario: y\n    Given the fridge is warm at 300 K and open\n");
        var (code, output, _) = await Qdlab(Defaults("run", feature, "--out", Path.Combine(_folder, "u")));
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains($"{feature}:3:", output, StringComparison.Ordinal);
        Assert.Contains("registry.Define(", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_qubit_is_an_error_of_that_scenario_naming_the_known_qubits()
    {
        var feature = Path.Combine(_folder, "q9.feature");
        File.WriteAllText(feature, """
            Feature: unknown qubit
              Scenario: T1 of q9
                When T1 of qubit q9 is measured by inversion recovery with 11 delays from 0 µs to 100 µs and 50 shots each
            """);
        var (code, output, _) = await Qdlab(Defaults("run", feature, "--out", Path.Combine(_folder, "q9")));
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("unknown qubit 'q9'", output, StringComparison.Ordinal);
        Assert.Contains($"{feature}:3:", output, StringComparison.Ordinal);
    }
}
