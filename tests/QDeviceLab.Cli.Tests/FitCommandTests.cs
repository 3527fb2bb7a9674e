using System.Globalization;
using System.Text.Json;
using QDeviceLab.Cli.Tests.Support;

namespace QDeviceLab.Cli.Tests;

/// <summary><c>qdlab fit RAWFILE</c> against raw data written by a real run, and against bad files.</summary>
public sealed class FitCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-fit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Line(string output, string prefix) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    [Fact]
    public async Task Refitting_every_raw_file_of_a_run_prints_exactly_the_value_and_uncertainty_the_run_reported()
    {
        var outDir = Path.Combine(_folder, "run");
        var (code, output, error) = await RunCommandTests.Qdlab(
            "run", Repository.Path("features", "coherence", "t2-echo.feature"), Repository.Path("features", "readout", "assignment-fidelity.feature"),
            "--tags", "@t2echo or @readout", "--seed", "31", "--out", outDir,
            "--standards", Repository.Path("standards"), "--station", Repository.Path("instruments", "stations", "emulated.yaml"));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var metrics = report.RootElement.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Contains(metrics, m => m.GetProperty("metric").GetString() == "T2E");
        Assert.Contains(metrics, m => m.GetProperty("metric").GetString() == "F_RO");
        foreach (var metric in metrics)
        {
            var raw = Path.Combine(outDir, metric.GetProperty("rawDataFile").GetString()!);
            var (fitCode, fitOutput, fitError) = await RunCommandTests.Qdlab("fit", raw);
            Assert.True(fitCode == 0, $"exit {fitCode}\n{fitOutput}\n{fitError}");

            var unit = metric.GetProperty("unit").GetString();
            var value = double.Parse(Line(fitOutput, "value: ").Split(' ')[0], CultureInfo.InvariantCulture);
            var uncertainty = double.Parse(Line(fitOutput, "standard uncertainty: ").Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.Equal(metric.GetProperty("value").GetDouble(), value);
            Assert.Equal(metric.GetProperty("standardUncertainty").GetDouble(), uncertainty);
            Assert.EndsWith(" " + unit, Line(fitOutput, "value: "), StringComparison.Ordinal);
            Assert.Contains($"{metric.GetProperty("metric").GetString()} = ", fitOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs a feature (text) on the emulated station; returns the report folder and its metrics.</summary>
    private async Task<(string OutDir, List<JsonElement> Metrics)> RunFeatureAsync(string name, string featureText, int seed)
    {
        var feature = Path.Combine(_folder, name + ".feature");
        await File.WriteAllTextAsync(feature, featureText);
        var outDir = Path.Combine(_folder, name);
        var (code, output, error) = await RunCommandTests.Qdlab(
            "run", feature, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", outDir,
            "--standards", Repository.Path("standards"), "--station", Repository.Path("instruments", "stations", "emulated.yaml"));
        Assert.True(code is 0 or 2, $"exit {code}\n{output}\n{error}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        return (outDir, [.. report.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.Clone())]);
    }

    /// <summary>`qdlab fit` of a raw file: its value and standard uncertainty as printed.</summary>
    private static async Task<(double Value, double Uncertainty)> RefitAsync(string raw)
    {
        var (fitCode, fitOutput, fitError) = await RunCommandTests.Qdlab("fit", raw);
        Assert.True(fitCode == 0, $"exit {fitCode}\n{fitOutput}\n{fitError}");
        return (double.Parse(Line(fitOutput, "value: ").Split(' ')[0], CultureInfo.InvariantCulture),
            double.Parse(Line(fitOutput, "standard uncertainty: ").Split(' ')[0], CultureInfo.InvariantCulture));
    }

    private static async Task AssertRefitReproducesAsync(string outDir, JsonElement metric, string symbol)
    {
        Assert.Equal(symbol, metric.GetProperty("metric").GetString());
        var (value, uncertainty) = await RefitAsync(Path.Combine(outDir, metric.GetProperty("rawDataFile").GetString()!));
        Assert.Equal(metric.GetProperty("value").GetDouble(), value);
        Assert.Equal(metric.GetProperty("standardUncertainty").GetDouble(), uncertainty);
    }

    [Fact]
    public async Task Refitting_a_randomized_benchmarking_file_reproduces_the_error_per_clifford()
    {
        var (outDir, metrics) = await RunFeatureAsync("rb", """
            Feature: RB
              Scenario: RB of q0
                When single-qubit randomized benchmarking of qubit q0 is run at lengths 1, 20, 60, 120, 250 with 8 random sequences per length and 100 shots each
                Then EPC is assessed against clause QDL-GATE-1
            """, seed: 7);
        await AssertRefitReproducesAsync(outDir, Assert.Single(metrics), "EPC");
    }

    [Fact]
    public async Task Refitting_a_two_qubit_randomized_benchmarking_file_reproduces_the_error_per_two_qubit_clifford()
    {
        var (outDir, metrics) = await RunFeatureAsync("rb2", """
            Feature: Two-qubit RB
              Scenario: RB of q0_q1
                When two-qubit randomized benchmarking of pair q0_q1 is run at lengths 1, 20, 50, 100, 160 with 3 random sequences per length and 60 shots each
                Then EPC2 is assessed against clause QDL-GATE-3
            """, seed: 7);
        await AssertRefitReproducesAsync(outDir, Assert.Single(metrics), "EPC2");
    }

    [Fact]
    public async Task Refitting_the_static_zz_and_rabi_files_of_a_run_reproduces_their_metrics()
    {
        var (outDir, metrics) = await RunFeatureAsync("zz", """
            Feature: ZZ and Rabi
              Scenario: ZZ of q0_q1
                When the static ZZ of pair q0_q1 is measured by Ramsey at 1 MHz detuning with the partner in |0> and |1>, 21 delays from 0 µs to 6 µs and 150 shots each
                Then ZZ is assessed against clause QDL-2Q-1
              Scenario: Rabi of q2
                When the pi pulse amplitude of qubit q2 is calibrated by a Rabi sweep with 15 amplitudes from 0 V to 0.45 V and 150 shots each
            """, seed: 11);
        await AssertRefitReproducesAsync(outDir, Assert.Single(metrics), "ZZ");

        // A_pi is judged by no clause, so it is not in the report, but its raw data is and re-fits.
        var (amplitude, uncertainty) = await RefitAsync(Path.Combine(outDir, "raw", "rabi-q2.raw.json"));
        Assert.InRange(amplitude, 0.05, 0.45);
        Assert.InRange(uncertainty / amplitude, 1e-4, 0.05);
    }

    [Fact]
    public async Task A_malformed_raw_file_is_an_input_error_naming_the_file()
    {
        var path = Path.Combine(_folder, "broken.raw.json");
        await File.WriteAllTextAsync(path, "{\n  \"format\": \"qdevicelab.raw.delay-sweep/1\",\n  \"points\": [");
        var (code, _, error) = await RunCommandTests.Qdlab("fit", path);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_file_of_an_unknown_protocol_is_an_input_error()
    {
        var path = Path.Combine(_folder, "odd.raw.json");
        await File.WriteAllTextAsync(path, """{"format":"qdevicelab.raw.delay-sweep/1","protocol":"t9","qubit":"q0","startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"points":[],"shotsFile":"a"}""");
        var (code, _, error) = await RunCommandTests.Qdlab("fit", path);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("'t9'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_too_thin_to_fit_is_a_measurement_error()
    {
        var path = Path.Combine(_folder, "thin.raw.json");
        await File.WriteAllTextAsync(path, """{"format":"qdevicelab.raw.delay-sweep/1","protocol":"t2-hahn-echo","qubit":"q0","startedUtc":"2026-01-01T00:00:00Z","complete":false,"settings":{"shots":100},"instruments":{},"points":[{"delay":0,"excited":90,"shots":100}],"shotsFile":"a"}""");
        var (code, _, error) = await RunCommandTests.Qdlab("fit", path);
        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("at least 6", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_raw_file_is_a_usage_error()
    {
        var (code, _, error) = await RunCommandTests.Qdlab("fit", Path.Combine(_folder, "nowhere.raw.json"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("nowhere.raw.json", error, StringComparison.Ordinal);
    }
}
