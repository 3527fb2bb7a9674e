using QDeviceLab.Core;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Tests;

public sealed class RawDataFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-rawfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<string> Save<T>(T data, string name)
        where T : IRawDataSummary
    {
        await using var recorder = RawDataRecorder.Create(_folder, name);
        await recorder.WriteSummaryAsync(data);
        return recorder.SummaryPath;
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Every_protocol_refits_offline_to_exactly_the_value_it_gave_in_memory()
    {
        var delays = Enumerable.Range(0, 41).Select(i => i * 150e-6 / 40).ToArray();
        var echo = CoherenceFitTests.Synthetic(T2Echo.HahnProtocolName, t => 0.47 * Math.Exp(-t / 33e-6) + 0.5, delays, 1000, 9,
            new Dictionary<string, double> { ["pi_pulses"] = 1 });
        var cpmg = echo with { Protocol = T2Echo.CpmgProtocolName, Settings = new Dictionary<string, double> { ["shots"] = 1000, ["pi_pulses"] = 4 } };
        var rabi = RabiFitTests.Synthetic(0.449, 0.48, 25, 500, 5);
        var readout = AssignmentFidelityTests.Counts(48, 5000, 4851, 5000);

        foreach (var (expected, path) in new (IMeasuredMetric, string)[]
        {
            (T2Echo.Fit(echo), await Save(echo, "echo")),
            (T2Echo.Fit(cpmg), await Save(cpmg, "cpmg")),
            (Calibration.RabiAmplitude.Fit(rabi), await Save(rabi, "rabi")),
            (Readout.AssignmentFidelity.Fit(readout), await Save(readout, "readout")),
        })
        {
            var refit = OfflineFit.Refit(path);
            Assert.Equal(expected.Metric, refit.Metric);
            Assert.Equal(expected.Value, refit.Value);
        }
    }

    [Fact]
    public void A_summary_naming_a_protocol_nobody_fits_is_an_input_error_naming_the_file()
    {
        var path = Write("odd.raw.json", """{"format":"qdevicelab.raw.delay-sweep/1","protocol":"t3-unknown","qubit":"q0","startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"points":[],"shotsFile":"a"}""");
        var error = Assert.Throws<UserInputException>(() => OfflineFit.Refit(path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("t3-unknown", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"format":"qdevicelab.raw.single-shot/1","protocol":"readout-assignment-fidelity","qubit":"q0","startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"prepared":[{"state":0,"assignedExcited":12,"shots":10}],"shotsFile":"a"}""", "0 <= excited <= shots")]
    [InlineData("""{"format":"qdevicelab.raw.single-shot/1","protocol":"readout-assignment-fidelity","qubit":"q0","startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"prepared":[{"state":2,"assignedExcited":1,"shots":10}],"shotsFile":"a"}""", "expected 0 or 1")]
    [InlineData("""{"format":"qdevicelab.raw.amplitude-sweep/1","protocol":"rabi-amplitude","qubit":"q0","startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"points":[{"amplitude":0.1,"excited":1,"shots":0}],"shotsFile":"a"}""", "shots > 0")]
    [InlineData("""{"format":"qdevicelab.raw.delay-sweep/1","protocol":"t2-hahn-echo","qubit":null,"startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"points":[],"shotsFile":"a"}""", "not a raw-data summary")]
    [InlineData("""{"format":"qdevicelab.raw.delay-sweep/1","protocol":"t2-hahn-echo","qubit":"q0","complete":true,"settings":{},"instruments":{},"points":[],"shotsFile":"a"}""", "not a raw-data summary")]
    [InlineData("""{"protocol":"t2-hahn-echo"}""", "expected a string field 'format'")]
    [InlineData("""[1, 2]""", "expected a raw-data summary object")]
    [InlineData("{\n  \"format\": \"qdevicelab.raw.delay-sweep/1\",\n  \"points\": [", "not a raw-data summary")]
    public void Malformed_summaries_are_input_errors_that_name_the_file(string json, string expected)
    {
        var path = Write("bad.raw.json", json);
        var error = Assert.Throws<UserInputException>(() => RawDataFile.Read(path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_located_by_line()
    {
        var path = Write("cut.raw.json", "{\n  \"format\": \"qdevicelab.raw.delay-sweep/1\",\n  \"points\": [");
        var error = Assert.Throws<UserInputException>(() => RawDataFile.Read(path));
        Assert.NotNull(error.Line);
    }

    [Fact]
    public async Task Shots_files_name_their_swept_column()
    {
        await using var recorder = RawDataRecorder.Create(_folder, "readout-q0", Readout.AssignmentFidelity.ShotsColumn);
        await recorder.AppendShotsAsync(0, "prepared_0", 0, new Instruments.Capabilities.IqShots([1f], [2f]));
        using var reader = new StreamReader(new FileStream(recorder.ShotsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("point,label,prepared_state,shot,i_V,q_V", await reader.ReadLineAsync());
        Assert.Throws<ArgumentException>(() => RawDataRecorder.Create(_folder, "x", "a,b"));
    }
}
