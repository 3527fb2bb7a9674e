using System.Text.Json;
using System.Text.RegularExpressions;
using QDeviceLab.Cli.Tests.Support;
using QDeviceLab.Emulation;

namespace QDeviceLab.Cli.Tests;

public sealed partial class LinkDropTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-drop-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_digitizer_link_dropped_mid_run_costs_one_scenario_and_the_report_and_raw_data_survive()
    {
        var stationFile = Repository.Path("instruments", "stations", "emulated.yaml");
        await using var emulator = EmulatedStation.Start(stationFile, 5);
        // Each T1 scenario fetches ~35 blocks of 400 IQ pairs (3.2 kB each): cut inside the second scenario.
        await using var proxy = new LinkDroppingProxy(emulator.Resources["dig1"], dropAfterBytes: 150_000);

        // A station file for "real" instruments at the emulator's ports, the digitizer behind the proxy.
        var text = File.ReadAllText(stationFile);
        text = text[..text.IndexOf("\nemulator:", StringComparison.Ordinal)];
        text = EmulatedInstrument().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            var resource = name == "dig1" ? proxy.Resource : emulator.Resources[name];
            return m.Value.Replace("resource: emulated", "resource: " + resource, StringComparison.Ordinal);
        });
        var station = Path.Combine(_folder, "proxied.yaml");
        File.WriteAllText(station, text);

        var outDir = Path.Combine(_folder, "run");
        var (code, output, _) = await RunCommandTests.Qdlab(
            "run", Repository.Path("features", "coherence", "t1.feature"), "--station", station,
            "--standards", Repository.Path("standards"), "--out", outDir);

        Assert.True(proxy.Dropped, output);
        Assert.Equal(ExitCodes.Error, code);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var verdicts = report.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("verdict").GetString()).ToList();
        Assert.Equal(["PASS", "ERROR", "PASS", "PASS", "PASS"], verdicts);

        var partial = Directory.GetFiles(Path.Combine(outDir, "raw"), "t1-q1*.raw.json").Single();
        using var summary = JsonDocument.Parse(File.ReadAllText(partial));
        Assert.False(summary.RootElement.GetProperty("complete").GetBoolean());
        Assert.True(summary.RootElement.GetProperty("points").GetArrayLength() > 0, "points measured before the drop are kept");
    }

    /// <summary>An instrument entry up to its resource line: "  dig1:\n    model: ...\n    ...resource: emulated".</summary>
    [GeneratedRegex(@"^  (?<name>[a-z0-9_]+):\n(?:    .*\n)*?    resource: emulated", RegexOptions.Multiline)]
    private static partial Regex EmulatedInstrument();
}
