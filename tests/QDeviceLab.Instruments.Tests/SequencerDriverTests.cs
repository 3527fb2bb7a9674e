using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Tektronix;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The AWG5208 driver's sequencer against the emulated AWG5208 over loopback.</summary>
/// <remarks>
/// Not run in parallel with the other tests: a whole emulated station keeps the thread pool busy,
/// and DriverTests' scripted server races its own disposal when its accept loop starts late
/// (Support/ScriptedScpiServer.cs calls AcceptTcpClientAsync after Stop).
/// </remarks>
[Collection(nameof(SequencerDriverTests))]
public sealed class SequencerDriverTests : IAsyncLifetime
{
    private EmulatedStation _station = null!;
    private TektronixAwg5208 _awg = null!;
    private IMessageSession _probe = null!;

    public async Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationPath());
        string resource = _station.Resources["awg1"];
        var session = await MessageSession.OpenAsync(resource);
        session.Timeout = TimeSpan.FromSeconds(10); // generous: the machine may be busy; no test waits for it to expire
        _awg = new TektronixAwg5208("awg1", session, new AwgSettings(1e9, 1.0));
        await _awg.OpenAsync();
        _probe = await MessageSession.OpenAsync(resource);
        _probe.Timeout = TimeSpan.FromSeconds(10);
    }

    public async Task DisposeAsync()
    {
        await _probe.DisposeAsync();
        await _awg.DisposeAsync();
        await _station.DisposeAsync();
    }

    [Fact]
    public async Task A_defined_sequence_is_on_the_instrument_step_by_step_and_plays_on_its_channels()
    {
        IAwgSequencer sequencer = _awg;
        await sequencer.UploadWaveformAsync("x90", new double[] { 0.1, 0.2, 0.1 });
        await sequencer.UploadWaveformAsync("y90", new double[] { -0.1, 0.3, 0.0 });
        await sequencer.UploadWaveformAsync("idle", new double[] { 0, 0, 0 });
        AwgSequenceStep[] steps =
        [
            new(["x90", "idle"]) { Repeats = 4, WaitForTrigger = true },
            new(["idle", "y90"]) { GoToStep = 4 },
            new(["x90", "x90"]),
            new(["y90", "idle"]) { EndsSequence = true },
        ];
        await sequencer.DefineSequenceAsync("rb_1", steps, tracks: 2);
        await sequencer.AssignSequenceAsync(1, "rb_1", 1);
        await sequencer.AssignSequenceAsync(2, "rb_1", 2);

        Assert.Equal("1", await Ask("SLISt:SIZE?"));
        Assert.Equal("4", await Ask("SLISt:SEQuence:LENGth? \"rb_1\""));
        Assert.Equal("\"x90\"", await Ask("SLISt:SEQuence:STEP1:TASSet1:WAVeform? \"rb_1\""));
        Assert.Equal("\"y90\"", await Ask("SLISt:SEQuence:STEP2:TASSet2:WAVeform? \"rb_1\""));
        Assert.Equal("4", await Ask("SLISt:SEQuence:STEP1:RCOunt? \"rb_1\""));
        Assert.Equal("ATR", await Ask("SLISt:SEQuence:STEP1:WINPut? \"rb_1\""));
        Assert.Equal("OFF", await Ask("SLISt:SEQuence:STEP2:WINPut? \"rb_1\""));
        Assert.Equal("4", await Ask("SLISt:SEQuence:STEP2:GOTO? \"rb_1\""));
        Assert.Equal("NEXT", await Ask("SLISt:SEQuence:STEP3:GOTO? \"rb_1\""));
        Assert.Equal("END", await Ask("SLISt:SEQuence:STEP4:GOTO? \"rb_1\""));
        Assert.Equal("\"rb_1,2\"", await Ask("SOURce2:CASSet?"));

        await sequencer.SetOutputAsync(1, true);
        await sequencer.RunAsync();
        Assert.Equal("2", await Ask("AWGControl:RSTate?"));
    }

    [Fact]
    public async Task A_long_table_goes_out_in_a_few_messages_and_arrives_whole()
    {
        await _awg.UploadWaveformAsync("a", new double[] { 0.1 });
        await _awg.UploadWaveformAsync("b", new double[] { 0.2 });
        var steps = Enumerable.Range(0, 2000).Select(i => AwgSequenceStep.Play(i % 3 == 0 ? "a" : "b", repeats: 1 + i % 5)).ToArray();
        await _awg.DefineSequenceAsync("long", steps);
        Assert.Equal("2000", await Ask("SLISt:SEQuence:LENGth? \"long\""));
        Assert.Equal("\"a\"", await Ask("SLISt:SEQuence:STEP1999:TASSet1:WAVeform? \"long\""));
        Assert.Equal("4", await Ask("SLISt:SEQuence:STEP1999:RCOunt? \"long\""));
        Assert.Equal("ONCE", await Ask("SLISt:SEQuence:STEP1996:RCOunt? \"long\""));
    }

    [Fact]
    public async Task A_step_naming_a_waveform_the_instrument_lacks_raises_the_instruments_error()
    {
        await _awg.UploadWaveformAsync("a", new double[] { 0.1 });
        var error = await Assert.ThrowsAsync<InstrumentErrorException>(
            () => _awg.DefineSequenceAsync("s", [AwgSequenceStep.Play("a"), AwgSequenceStep.Play("missing")]));
        Assert.Equal(-224, error.Code);
    }

    [Fact]
    public async Task Assigning_an_unknown_sequence_raises_the_instruments_error_and_deleting_all_empties_the_list()
    {
        await _awg.UploadWaveformAsync("a", new double[] { 0.1 });
        await _awg.DefineSequenceAsync("s", [AwgSequenceStep.Play("a")]);
        await _awg.DeleteAllSequencesAsync();
        Assert.Equal("0", await Ask("SLISt:SIZE?"));
        var error = await Assert.ThrowsAsync<InstrumentErrorException>(() => _awg.AssignSequenceAsync(1, "s"));
        Assert.Equal(-224, error.Code);
    }

    [Fact]
    public async Task Loading_a_sequence_replaces_the_old_ones_and_assigns_its_tracks_in_one_exchange()
    {
        await _awg.UploadWaveformAsync("a", new double[] { 0.1 });
        await _awg.UploadWaveformAsync("b", new double[] { 0.2 });
        await _awg.DefineSequenceAsync("old", [AwgSequenceStep.Play("a")]);
        var steps = Enumerable.Range(0, 1500).Select(i => new AwgSequenceStep([i % 2 == 0 ? "a" : "b", "b"]) { Repeats = 1 + i % 3 }).ToArray();
        await _awg.LoadSequenceAsync("rb", steps, [3, 4]);

        Assert.Equal("1", await Ask("SLISt:SIZE?"));
        Assert.Equal("1500", await Ask("SLISt:SEQuence:LENGth? \"rb\""));
        Assert.Equal("\"a\"", await Ask("SLISt:SEQuence:STEP1499:TASSet1:WAVeform? \"rb\""));
        Assert.Equal("\"b\"", await Ask("SLISt:SEQuence:STEP1500:TASSet1:WAVeform? \"rb\""));
        Assert.Equal("3", await Ask("SLISt:SEQuence:STEP1500:RCOunt? \"rb\""));
        Assert.Equal("\"rb,1\"", await Ask("SOURce3:CASSet?"));
        Assert.Equal("\"rb,2\"", await Ask("SOURce4:CASSet?"));
        Assert.Equal("0,\"No error\"", await Ask("SYSTem:ERRor?"));
    }

    [Fact]
    public async Task Loading_a_sequence_raises_any_error_of_the_instrument_and_refuses_bad_channels_before_sending()
    {
        await _awg.UploadWaveformAsync("a", new double[] { 0.1 });
        var error = await Assert.ThrowsAsync<InstrumentErrorException>(
            () => _awg.LoadSequenceAsync("s", [new(["a", "a"]), new(["a", "missing"])], [1, 2]));
        Assert.Equal(-224, error.Code);
        Assert.Contains("SLISt:SEQuence:NEW \"s\"", error.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _awg.LoadSequenceAsync("t", [new(["a"])], [9]));
        await Assert.ThrowsAsync<ArgumentException>(() => _awg.LoadSequenceAsync("t", [new(["a"])], [1, 2]));
        // Nothing of the refused loads was sent: no DELete ALL emptied the list.
        Assert.Equal("1", await Ask("SLISt:SIZE?"));
    }

    [Fact]
    public async Task Steps_the_sequencer_cannot_hold_are_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _awg.DefineSequenceAsync("s", []));
        await Assert.ThrowsAsync<ArgumentException>(() => _awg.DefineSequenceAsync("s", [new(["a"]) { Repeats = 0 }]));
        await Assert.ThrowsAsync<ArgumentException>(() => _awg.DefineSequenceAsync("s", [new(["a"]) { GoToStep = 2 }]));
        await Assert.ThrowsAsync<ArgumentException>(() => _awg.DefineSequenceAsync("s", [new(["a"])], tracks: 2));
        await Assert.ThrowsAsync<ArgumentException>(() => _awg.DefineSequenceAsync("s\"", [AwgSequenceStep.Play("a")]));
        Assert.Equal("0", await Ask("SLISt:SIZE?"));
    }

    private Task<string> Ask(string query) => _probe.QueryAsync(query);

    private static string StationPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QDeviceLab.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new InvalidOperationException("tests must run inside the repository")
            : Path.Combine(directory.FullName, "instruments", "stations", "emulated.yaml");
    }
}

/// <summary>Runs <see cref="SequencerDriverTests"/> alone.</summary>
[CollectionDefinition(nameof(SequencerDriverTests), DisableParallelization = true)]
public sealed class SequencerDriverCollection
{
}
