using System.Text.Json;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.Tests.Conformance;
using QDeviceLab.Visa.Tracing;

namespace QDeviceLab.Visa.Tests.Tracing;

/// <summary>The I/O trace of real exchanges with the emulated AWG, written as NDJSON.</summary>
public sealed class TracingMessageSessionTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-trace-").FullName;
    private EmulatedStation? _station;

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _station!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Each_query_and_each_write_only_command_is_one_line_with_time_resource_and_duration()
    {
        string path = Path.Combine(_folder, IoTraceFile.FileName);
        string resource = _station!.Resources["awg1"];
        await using (var trace = IoTraceFile.Create(path))
        {
            await using var session = (await MessageSession.OpenAsync(resource)).WithTrace(trace);
            await session.WriteLineAsync("*CLS");
            await session.QueryAsync("*IDN?");
            await session.QueryAsync("SYST:ERR?");
        }

        var lines = Lines(path);
        Assert.Equal(3, lines.Count);
        Assert.Equal(["*CLS", "*IDN?", "SYST:ERR?"], lines.Select(l => l.GetProperty("command").GetString()));
        Assert.False(lines[0].TryGetProperty("answer", out _));
        Assert.StartsWith("TEKTRONIX,AWG5208,", lines[1].GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("0,", lines[2].GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(ResourceName.Parse(resource).ToString(), l.GetProperty("resource").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("durationMs").GetDouble() >= 0));
        Assert.All(lines, l => Assert.True(l.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task Binary_blocks_are_summarized_by_size_and_first_bytes_never_dumped()
    {
        string path = Path.Combine(_folder, IoTraceFile.FileName);
        float[] samples = [.. Enumerable.Range(0, 10_000).Select(i => i * 0.0001f)];
        await using (var trace = IoTraceFile.Create(path))
        {
            await using var session = (await MessageSession.OpenAsync(_station!.Resources["awg1"])).WithTrace(trace);
            await session.WriteLineAsync($"WLIS:WAV:NEW \"t\",{samples.Length}");
            await session.WriteBlockAsync<float>("WLIS:WAV:DATA \"t\",0,", samples, ByteOrder.LittleEndian);
            await session.QueryBlockAsync<float>("WLIS:WAV:DATA? \"t\"", ByteOrder.LittleEndian, maxBytes: 1 << 20);
        }

        Assert.True(new FileInfo(path).Length < 2000, $"trace of {new FileInfo(path).Length} bytes");
        var lines = Lines(path);
        string upload = lines[1].GetProperty("command").GetString()!;
        // 40 000 payload bytes behind a "#540000" header ("#5" is 23 35 in hex), and the trailing newline.
        Assert.Matches(@"^WLIS:WAV:DATA ""t"",0,#<4000\d bytes> 2335343030303000", upload);
        Assert.Matches(@"^#<4000\d bytes> 2335343030303000", lines[2].GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_timeout_is_traced_with_its_error_and_the_session_is_still_broken()
    {
        string path = Path.Combine(_folder, IoTraceFile.FileName);
        await using (var trace = IoTraceFile.Create(path))
        {
            await using var session = (await MessageSession.OpenAsync(_station!.Resources["awg1"], new MessageSessionOptions { Timeout = TimeSpan.FromMilliseconds(200) })).WithTrace(trace);
            await session.WriteLineAsync("*CLS");

            await Assert.ThrowsAsync<VisaTimeoutException>(() => session.ReadLineAsync());

            Assert.True(session.IsBroken);
        }

        var line = Assert.Single(Lines(path));
        Assert.Equal("*CLS", line.GetProperty("command").GetString());
        Assert.Contains("timed out", line.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_byte_and_device_clear_are_traced_as_operations()
    {
        string path = Path.Combine(_folder, IoTraceFile.FileName);
        await using (var trace = IoTraceFile.Create(path))
        {
            await using var session = (await MessageSession.OpenAsync(_station!.Resources["awg1"])).WithTrace(trace);
            await session.ReadStatusByteAsync();
            await session.ClearAsync();
        }

        var lines = Lines(path);
        Assert.Equal(["<read status byte>", "<device clear>"], lines.Select(l => l.GetProperty("command").GetString()));
        Assert.Equal("0", lines[0].GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("*IDN?\n", "*IDN?")]
    [InlineData("1.5\r\n", "1.5")]
    public void Short_text_is_traced_as_it_is_without_its_terminator(string payload, string expected)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(payload);

        Assert.Equal(expected, IoPayload.Summarize(bytes, bytes.Length));
    }

    [Fact]
    public void Long_text_is_cut_and_says_how_much_more_there_was()
    {
        var capture = new IoPayload();
        capture.Append(System.Text.Encoding.ASCII.GetBytes(new string('x', 100_000) + "\n"));

        string summary = capture.ToString();

        Assert.EndsWith($"...(+{100_001 - IoPayload.MaxTextLength} bytes)", summary, StringComparison.Ordinal);
        Assert.True(summary.Length < 400);
    }

    private static List<JsonElement> Lines(string path) =>
        [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)];
}
