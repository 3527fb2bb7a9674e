using System.Text;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.Tests;

/// <summary>The broken-state and failure rules VXI-11 and HiSLIP sessions share, pinned down without a wire.</summary>
public class SessionGuardTests
{
    private const string Resource = "TCPIP0::127.0.0.1::inst0::INSTR";

    private int _closed;

    [Fact]
    public void Caller_cancellation_wins_over_our_timeout_and_breaks_the_session()
    {
        var guard = NewGuard();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var e = guard.Interrupted(new TaskCanceledException(), "waiting for the answer", cancelled.Token, timedOut: true, TimeSpan.FromSeconds(2), "Session");

        var oce = Assert.IsType<OperationCanceledException>(e);
        Assert.Equal(cancelled.Token, oce.CancellationToken);
        Assert.Contains(Resource, oce.Message, StringComparison.Ordinal);
        Assert.True(guard.IsBroken);
        Assert.Equal(1, _closed);
    }

    [Fact]
    public void Timeout_names_the_command_in_flight_and_poisons_the_session()
    {
        var guard = NewGuard();
        guard.NoteWrite(Encoding.ASCII.GetBytes("MEAS:VOLT?"), endOfMessage: false);
        guard.NoteWrite(Encoding.ASCII.GetBytes("\n"), endOfMessage: true);

        var e = guard.Interrupted(new TaskCanceledException(), "waiting for the answer", CancellationToken.None, timedOut: true, TimeSpan.FromMilliseconds(250), "Session");

        var timeout = Assert.IsType<VisaTimeoutException>(e);
        Assert.Equal("MEAS:VOLT?", timeout.Command);
        Assert.Equal(TimeSpan.FromMilliseconds(250), timeout.Timeout);
        Assert.Contains("timed out after 250 ms waiting for the answer", timeout.Message, StringComparison.Ordinal);
        var refused = Assert.Throws<InstrumentIOException>(() => guard.ThrowIfUnusable(this));
        Assert.Contains("timed out after 250 ms", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_that_is_neither_cancellation_timeout_nor_close_is_left_to_the_transport()
    {
        var guard = NewGuard();

        Assert.Null(guard.Interrupted(new IOException("reset"), "sending", CancellationToken.None, timedOut: false, TimeSpan.FromSeconds(1), "Session"));
        Assert.False(guard.IsBroken);
        Assert.Equal(0, _closed);
    }

    [Fact]
    public void Failure_after_dispose_is_reported_as_a_closed_session_without_breaking_it()
    {
        var guard = NewGuard();
        Assert.True(guard.TryMarkDisposed());
        Assert.False(guard.TryMarkDisposed());

        var e = guard.Interrupted(new IOException("closed"), "sending", CancellationToken.None, timedOut: false, TimeSpan.FromSeconds(1), "Vxi11MessageSession");

        var disposed = Assert.IsType<ObjectDisposedException>(e);
        Assert.Equal("Vxi11MessageSession", disposed.ObjectName);
        Assert.False(guard.IsBroken);
        Assert.Throws<ObjectDisposedException>(() => guard.ThrowIfUnusable(this));
    }

    [Fact]
    public void A_peer_that_hangs_up_mid_answer_is_a_transient_io_error_and_the_first_reason_stays()
    {
        var guard = NewGuard();
        guard.NoteWrite(Encoding.ASCII.GetBytes("CURV?\n"), endOfMessage: true);

        var hungUp = guard.HungUp(new EndOfStreamException(), midAnswer: true);
        var later = guard.LinkFailed(new IOException("broken pipe"), "sending");

        Assert.True(hungUp.IsTransient);
        Assert.Equal("CURV?", hungUp.Command);
        Assert.Contains("in the middle of an answer", hungUp.Message, StringComparison.Ordinal);
        Assert.Contains("broken pipe", later.Message, StringComparison.Ordinal);
        Assert.Equal(1, _closed);
        var refused = Assert.Throws<InstrumentIOException>(() => guard.ThrowIfUnusable(this));
        Assert.Contains("in the middle of an answer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_that_keeps_the_stream_in_step_leaves_the_session_usable()
    {
        var guard = NewGuard();

        var e = guard.Fault("device_write failed: VXI-11 error 11 (locked by another link)", breakSession: false, isTransient: true);

        Assert.True(e.IsTransient);
        Assert.False(guard.IsBroken);
        Assert.Equal(0, _closed);
        guard.ThrowIfUnusable(this);
    }

    [Fact]
    public void A_device_clear_makes_the_next_write_a_new_command()
    {
        var guard = NewGuard();
        guard.NoteWrite(Encoding.ASCII.GetBytes("WLIST:WAV:DATA \"w\",0,#42"), endOfMessage: false);
        guard.NoteCleared();
        guard.NoteWrite(Encoding.ASCII.GetBytes("*IDN?\n"), endOfMessage: true);

        Assert.Equal("*IDN?", guard.CommandInFlight);
    }

    private SessionGuard NewGuard() => new(Resource, () => _closed++);
}
