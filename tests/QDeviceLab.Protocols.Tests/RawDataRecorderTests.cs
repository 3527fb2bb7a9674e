using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Protocols.Coherence;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Tests;

public sealed class RawDataRecorderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-raw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Shots_are_on_disk_as_soon_as_a_point_is_recorded()
    {
        await using var recorder = RawDataRecorder.Create(_folder, "t1-q0");
        await recorder.AppendShotsAsync(0, "delay", 1e-6, new IqShots([0.5f, -0.25f], [0.125f, 1f]));
        using var reader = new StreamReader(new FileStream(recorder.ShotsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("point,label,delay_s,shot,i_V,q_V", lines[0]);
        Assert.Equal("0,delay,1E-06,1,-0.25,1", lines[2]);
    }

    [Fact]
    public async Task Every_shot_reads_back_as_exactly_the_float_the_digitizer_gave()
    {
        float[] i = [float.Epsilon, -1.2345678E-05f, float.MaxValue, -0f, 0.1f, 1f / 3, -float.MinValue, 123456.79f];
        float[] q = [.. i.Reverse()];
        await using var recorder = RawDataRecorder.Create(_folder, "rb-q0", "duration_s");
        await recorder.AppendShotsAsync(-2, "reference_0", 0, new IqShots(i, q));
        await recorder.AppendShotsAsync(1234567, "rb2:q0", 3.3333333333333335E-07, new IqShots(q, i));
        using var reader = new StreamReader(new FileStream(recorder.ShotsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var rows = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();

        Assert.Equal(2 * i.Length, rows.Length);
        for (var k = 0; k < i.Length; k++)
        {
            Assert.Equal(["-2", "reference_0", "0", k.ToString(CultureInfo.InvariantCulture)], rows[k][..4]);
            Assert.Equal(i[k], float.Parse(rows[k][4], CultureInfo.InvariantCulture));
            Assert.Equal(q[k], float.Parse(rows[k][5], CultureInfo.InvariantCulture));
            var second = rows[i.Length + k];
            Assert.Equal(["1234567", "rb2:q0", "3.3333333333333335E-07"], second[..3]);
            Assert.Equal(q[k], float.Parse(second[4], CultureInfo.InvariantCulture));
            Assert.Equal(i[k], float.Parse(second[5], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_summary_reads_back_equal_and_refits_to_the_same_result()
    {
        var data = CoherenceFitTests.Synthetic(T1InversionRecovery.ProtocolName, t => 0.9 * Math.Exp(-t / 40e-6) + 0.03,
            Enumerable.Range(0, 21).Select(i => i * 10e-6).ToArray(), 300, 7);
        await using var recorder = RawDataRecorder.Create(_folder, "t1-q0");
        await recorder.WriteSummaryAsync(data);

        var back = RawDataRecorder.ReadSummary(recorder.SummaryPath);
        Assert.Equal(data.Points, back.Points);
        Assert.Equal(data.Settings["shots"], back.Settings["shots"]);
        Assert.Equal(T1InversionRecovery.Fit(data).Value, T1InversionRecovery.Fit(back).Value);
    }

    [Fact]
    public async Task Repeated_names_never_overwrite_earlier_data()
    {
        await using var first = RawDataRecorder.Create(_folder, "t1-q0");
        await using var second = RawDataRecorder.Create(_folder, "t1-q0");
        Assert.NotEqual(first.ShotsPath, second.ShotsPath);
        Assert.EndsWith("t1-q0-2.shots.csv", second.ShotsPath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_summary_is_a_located_input_error()
    {
        var path = Path.Combine(_folder, "bad.raw.json");
        File.WriteAllText(path, "{\n  \"format\": 12,\n");
        var error = Assert.Throws<UserInputException>(() => RawDataRecorder.ReadSummary(path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_of_another_format_is_refused()
    {
        var path = Path.Combine(_folder, "other.raw.json");
        File.WriteAllText(path, """{"format":"something/2","protocol":"x","qubit":"q","startedUtc":"2026-01-01T00:00:00Z","complete":true,"settings":{},"instruments":{},"points":[],"shotsFile":"a"}""");
        var error = Assert.Throws<UserInputException>(() => RawDataRecorder.ReadSummary(path));
        Assert.Contains("unsupported raw-data format", error.Message, StringComparison.Ordinal);
    }
}
