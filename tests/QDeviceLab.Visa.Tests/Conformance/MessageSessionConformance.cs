using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Emulation;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// What every <see cref="IMessageSession"/> transport must do, run against the emulated station's
/// AWG over real loopback sockets. Each transport derives a class that says how to open a session
/// and how to meet a peer that hangs up mid-answer, and comments every place where it deviates.
/// </summary>
public abstract class MessageSessionConformance : IAsyncLifetime
{
    private const string Awg = "awg1";

    private EmulatedStation? _station;

    static MessageSessionConformance()
    {
        // Same reason as LoopbackInstrument: keep thread injection delays out of a 2-core test run.
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completionPorts);
    }

    protected EmulatedStation Station => _station ?? throw new InvalidOperationException("the station starts in InitializeAsync");

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_station is not null)
        {
            await _station.DisposeAsync();
        }
    }

    /// <summary>Opens a session to <paramref name="instrument"/> of <see cref="Station"/> over the transport under test.</summary>
    protected abstract Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout);

    /// <summary>
    /// Opens a session to a peer that reads one program message, sends part of an answer and closes
    /// the connection. The returned peer is disposed after the test.
    /// </summary>
    protected abstract Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync();

    /// <summary>
    /// Called after a query was written and before the session is cleared, so that the unread answer
    /// is where <see cref="IMessageSession.ClearAsync"/> must discard it. Transports with a real device
    /// clear need nothing.
    /// </summary>
    protected virtual Task LetTheUnreadAnswerArriveAsync(IMessageSession session) => Task.CompletedTask;

    [Fact]
    public async Task Query_returns_the_answer_without_its_terminator()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(5));

        string idn = await session.QueryAsync("*IDN?");

        Assert.StartsWith("TEKTRONIX,AWG5208,", idn, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', idn);
        Assert.Equal(idn, await session.QueryAsync("*IDN?"));
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Text_answer_longer_than_64_KiB_is_read_whole()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(10));
        string idn = await session.QueryAsync("*IDN?");
        const int units = 2500;

        string answer = await session.QueryAsync(string.Join(';', Enumerable.Repeat("*IDN?", units)));

        Assert.True(answer.Length > 64 * 1024, $"answer of {answer.Length} chars");
        Assert.Equal(string.Join(';', Enumerable.Repeat(idn, units)), answer);
        Assert.Equal(idn, await session.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Binary_block_larger_than_64_KiB_goes_out_and_comes_back_unchanged()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(10));
        float[] samples = [.. Enumerable.Range(0, 40_000).Select(i => MathF.Sin(i * 0.01f))];
        // Newline bytes inside the payload must not end anything.
        samples[7] = BitConverter.Int32BitsToSingle(0x0A0A0A0A);

        await session.WriteLineAsync($"WLIS:WAV:NEW \"conf\",{samples.Length}");
        await session.WriteBlockAsync<float>("WLIS:WAV:DATA \"conf\",0,", samples, ByteOrder.LittleEndian);
        float[] back = await session.QueryBlockAsync<float>("WLIS:WAV:DATA? \"conf\"", ByteOrder.LittleEndian, maxBytes: 1 << 20);

        Assert.Equal(samples, back);
        Assert.StartsWith("0,", await session.QueryAsync("SYST:ERR?"), StringComparison.Ordinal);
        Assert.Equal(samples.Length.ToString(CultureInfo.InvariantCulture), await session.QueryAsync("WLIS:WAV:LENG? \"conf\""));
    }

    [Fact]
    public async Task Termination_character_splits_an_answer_and_the_message_end_still_ends_it()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(5));
        string[] fields = (await session.QueryAsync("*IDN?")).Split(',');

        session.TerminationCharacter = (byte)',';
        string maker = await session.QueryAsync("*IDN?");
        string model = await session.ReadLineAsync();
        session.TerminationCharacter = (byte)'\n';
        string rest = await session.ReadLineAsync();

        Assert.Equal(fields[0], maker);
        Assert.Equal(fields[1], model);
        Assert.Equal(string.Join(',', fields[2..]), rest);
        Assert.Equal(string.Join(',', fields), await session.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Timeout_is_a_transient_visa_timeout_and_breaks_the_session()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromMilliseconds(200));
        await session.WriteLineAsync("*CLS");

        // Nothing was asked, so no answer comes.
        var e = await Assert.ThrowsAsync<VisaTimeoutException>(() => session.ReadLineAsync());

        Assert.True(e.IsTransient);
        Assert.Equal("*CLS", e.Command);
        Assert.True(session.IsBroken);
        var next = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));
        Assert.IsNotType<VisaTimeoutException>(next);
        Assert.Contains("must be reopened", next.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_a_cancellation_not_a_timeout_and_never_yields_a_stale_answer()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource();
        await session.WriteLineAsync("*CLS");

        var read = session.ReadLineAsync(cancellationToken: cts.Token);
        await cts.CancelAsync();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);

        Assert.Equal(cts.Token, e.CancellationToken);
        if (session.IsBroken)
        {
            await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*OPC?"));
        }
        else
        {
            // Cancelled before any I/O started: the session must still be in step.
            Assert.Equal("1", await session.QueryAsync("*OPC?"));
        }
    }

    [Fact]
    public async Task Already_cancelled_token_throws_before_any_io_and_leaves_the_session_usable()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.QueryAsync("*IDN?", new CancellationToken(canceled: true)));

        Assert.False(session.IsBroken);
        Assert.StartsWith("TEKTRONIX", await session.QueryAsync("*IDN?"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_hanging_up_mid_answer_is_a_transient_io_error_and_breaks_the_session()
    {
        var (session, peer) = await OpenToPeerThatHangsUpMidAnswerAsync();
        await using var _ = peer;
        await using var __ = session;

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("FETC?"));

        Assert.IsNotType<VisaTimeoutException>(e);
        Assert.Contains("closed the connection", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
        Assert.True(session.IsBroken);
        var next = await Assert.ThrowsAsync<InstrumentIOException>(() => session.WriteLineAsync("*RST"));
        Assert.Contains("broken", next.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_clear_discards_an_unread_answer()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(5));
        await session.WriteLineAsync("*IDN?");
        await LetTheUnreadAnswerArriveAsync(session);

        await session.ClearAsync();

        Assert.Equal("1", await session.QueryAsync("*OPC?"));
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Status_byte_shows_the_error_queue_and_clears_with_cls()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(5));

        await session.WriteLineAsync("NO:SUCH:COMMand");
        byte withError = await session.ReadStatusByteAsync();
        await session.WriteLineAsync("*CLS");
        byte cleared = await session.ReadStatusByteAsync();

        Assert.Equal(4, withError & 4);
        Assert.Equal(0, cleared);
    }

    [Fact]
    public async Task Concurrent_callers_are_serialized_and_never_get_each_others_answers()
    {
        await using var session = await OpenAsync(Awg, TimeSpan.FromSeconds(10));

        var queries = Enumerable.Range(0, 40).Select(i => Task.Run(() => session.QueryAsync($"*ESE {i};*ESE?"))).ToArray();
        string[] answers = await Task.WhenAll(queries);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString(CultureInfo.InvariantCulture)), answers);
        Assert.False(session.IsBroken);
    }
}
