using QDeviceLab.Core;

namespace QDeviceLab.Visa.Tests;

/// <summary>
/// A SOCKET session serves callers that pass no cancellation token with blocking socket calls
/// bounded by the socket's own timeouts. These pin down that the blocking path keeps the
/// session's rules: a timeout breaks it, cancellation stays a cancellation, a hang-up is an
/// I/O error, and closing the session ends a blocked wait.
/// </summary>
public class SocketBlockingPathTests
{
    private const string Idn = "QDeviceLab,EmulatedAWG,0001,1.0";

    [Fact]
    public async Task Blocking_and_cancellable_queries_mix_on_one_session_without_mixing_answers()
    {
        int n = 0;
        await using var server = LoopbackInstrument.Answering(line => $"{line}:{Interlocked.Increment(ref n)}\n");
        await using var session = await server.OpenAsync();
        using var cts = new CancellationTokenSource();

        Assert.Equal("A?:1", await session.QueryAsync("A?"));
        Assert.Equal("B?:2", await session.QueryAsync("B?", cts.Token));
        Assert.Equal("C?:3", await session.QueryAsync("C?"));
        Assert.False(session.IsBroken);
    }

    [Fact]
    public async Task Blocking_wait_times_out_on_the_socket_timeout_and_the_late_answer_is_never_read()
    {
        await using var server = new LoopbackInstrument(async (connection, stop) =>
        {
            await connection.ReadLineAsync(stop);
            await Task.Delay(600, stop);
            await connection.WriteAsync("late\n", stop);
            await connection.ReadLineAsync(stop);
        });
        await using var session = await server.OpenAsync(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<VisaTimeoutException>(() => session.QueryAsync("MEAS?"));

        Assert.Contains("timed out after 200 ms", e.Message);
        Assert.Equal("MEAS?", e.Command);
        Assert.True(session.IsBroken);
        await Task.Delay(700);
        var next = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("*IDN?"));
        Assert.Contains("broken", next.Message);
    }

    [Fact]
    public async Task Cancelling_a_cancellable_query_after_blocking_ones_is_a_cancellation_not_a_timeout()
    {
        var silent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackInstrument.Answering(line =>
        {
            if (line == "*IDN?")
            {
                return Idn + "\n";
            }

            silent.TrySetResult();
            return null;
        });
        await using var session = await server.OpenAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Idn, await session.QueryAsync("*IDN?"));
        using var cts = new CancellationTokenSource();

        var query = session.QueryAsync("MEAS?", cts.Token);
        await silent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.IsNotType<VisaTimeoutException>(e);
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Peer_hanging_up_before_answering_a_blocking_query_is_a_transient_io_error()
    {
        await using var server = new LoopbackInstrument(async (connection, stop) =>
        {
            await connection.ReadLineAsync(stop);
            connection.Dispose();
        });
        await using var session = await server.OpenAsync(TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryAsync("FETC?"));

        Assert.Contains("closed the connection", e.Message);
        Assert.Equal("FETC?", e.Command);
        Assert.True(e.IsTransient);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Closing_the_session_ends_a_blocking_wait_on_another_thread()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackInstrument.Answering(_ =>
        {
            arrived.TrySetResult();
            return null;
        });
        var session = await server.OpenAsync(TimeSpan.FromSeconds(60));
        var query = Task.Run(() => session.QueryAsync("MEAS?"));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);

        await session.DisposeAsync();

        // Guarded against a hang, not timed: the wait must end with an error, not an answer.
        var e = await Assert.ThrowsAnyAsync<Exception>(() => query.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(e is ObjectDisposedException or InstrumentIOException, e.ToString());
    }

    [Fact]
    public async Task A_failure_after_repeated_queries_names_the_command_that_failed_not_the_repeated_one()
    {
        await using var server = LoopbackInstrument.Answering(line => line == "*IDN?" ? Idn + "\n" : null);
        await using var session = await server.OpenAsync(TimeSpan.FromMilliseconds(200));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Idn, await session.QueryAsync("*IDN?"));
        }

        var e = await Assert.ThrowsAsync<VisaTimeoutException>(() => session.QueryAsync("*IDN"));

        Assert.Equal("*IDN", e.Command);
    }
}
