using System.Globalization;
using System.Text;
using QDeviceLab.Cli.Tests.Support;
using QDeviceLab.Visa;

namespace QDeviceLab.Cli.Tests;

public sealed class EmulateCommandTests
{
    /// <summary>A writer the test can watch while the command is still running.</summary>
    private sealed class WatchedWriter : StringWriter
    {
        private readonly StringBuilder _seen = new();

        public WatchedWriter() : base(CultureInfo.InvariantCulture) { }

        public TaskCompletionSource Serving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(char value) => Append(value.ToString());

        public override void Write(string? value) => Append(value);

        public override Task WriteLineAsync(string? value)
        {
            Append(value + NewLine);
            return Task.CompletedTask;
        }

        public string Text
        {
            get
            {
                lock (_seen)
                {
                    return _seen.ToString();
                }
            }
        }

        private void Append(string? value)
        {
            lock (_seen)
            {
                _seen.Append(value);
                if (_seen.ToString().Contains("Serving;", StringComparison.Ordinal))
                {
                    Serving.TrySetResult();
                }
            }
        }
    }

    [Fact]
    public async Task Emulate_serves_the_station_for_any_client_until_cancelled()
    {
        using var output = new WatchedWriter();
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource();
        var running = QdlabCommand.InvokeAsync(
            ["emulate", "--station", Repository.Path("instruments", "stations", "emulated.yaml"), "--seed", "3"], output, error, stop.Token);

        await Task.WhenAny(output.Serving.Task, running).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(output.Serving.Task.IsCompleted, $"emulate ended early: {output.Text}{error}");
        var bridge = output.Text.Split('\n')
            .Select(line => line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(fields => fields.Length == 2 && fields[0] == "bridge" && fields[1].EndsWith("::SOCKET", StringComparison.Ordinal))[1];

        await using (var session = await MessageSession.OpenAsync(bridge))
        {
            Assert.StartsWith("LSCI,MODEL372,", await session.QueryAsync("*IDN?"), StringComparison.Ordinal);
        }

        // The readout LO and the fridge's Triton controller are listed and answer too.
        string Socket(string name) => output.Text.Split('\n')
            .Select(line => line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(fields => fields.Length == 2 && fields[0] == name && fields[1].EndsWith("::SOCKET", StringComparison.Ordinal))[1];
        await using (var lo = await MessageSession.OpenAsync(Socket("lo1")))
        {
            Assert.StartsWith("Rohde&Schwarz,SGS100A,", await lo.QueryAsync("*IDN?"), StringComparison.Ordinal);
        }

        await using (var fridge = await MessageSession.OpenAsync(Socket("fridge")))
        {
            Assert.StartsWith("STAT:DEV:T8:TEMP:SIG:TEMP:", await fridge.QueryAsync("READ:DEV:T8:TEMP:SIG:TEMP"), StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Pass, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Emulate_with_a_station_without_emulator_section_is_an_input_error()
    {
        var station = Path.Combine(Path.GetTempPath(), $"qdl-real-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(station, "station: real\ninstruments: {}\nqubits: {}\n");
        try
        {
            var (code, _, error) = await RunCommandTests.Qdlab("emulate", "--station", station);
            Assert.Equal(ExitCodes.InputError, code);
            Assert.Contains(station, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(station);
        }
    }
}
