using System.Net.Sockets;
using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>
/// The broken-state and failure rules of a session whose protocol marks message ends itself
/// (VXI-11, HiSLIP), written once so both sessions keep only their protocol. A session is broken
/// for good after a timeout, a cancellation mid-operation, a torn transfer or a hang-up (the next
/// read could pick up an old answer), and refuses all use after that; the caller's cancellation
/// wins over our timeout (as in Polly); a peer that goes away becomes an
/// <see cref="InstrumentIOException"/> naming the resource and the command in flight.
/// </summary>
/// <param name="resourceText">The resource, as errors name it.</param>
/// <param name="closeTransport">Closes the links so anything pending fails; called once, on the first break.</param>
internal sealed class SessionGuard(string resourceText, Action closeTransport)
{
    private string? _brokenReason;
    private int _disposed;
    private bool _atMessageStart = true;

    public string ResourceText => resourceText;

    /// <summary>The program message being exchanged, for errors; set by <see cref="NoteWrite"/>.</summary>
    public string? CommandInFlight { get; private set; }

    public bool IsBroken => Volatile.Read(ref _brokenReason) is not null;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Remembers the command a write starts (the first chunk of a program message).</summary>
    public void NoteWrite(ReadOnlySpan<byte> data, bool endOfMessage)
    {
        if (_atMessageStart && !data.IsEmpty)
        {
            CommandInFlight = SessionRules.CommandText(data);
        }

        _atMessageStart = endOfMessage;
    }

    /// <summary>A device clear ended whatever message was half written.</summary>
    public void NoteCleared() => _atMessageStart = true;

    /// <summary>Marks the session broken (the first reason stays) and closes the transport once.</summary>
    public void Break(string reason)
    {
        if (Interlocked.CompareExchange(ref _brokenReason, reason, null) is null)
        {
            closeTransport();
        }
    }

    /// <summary>True for the first call only: the caller then releases the transport.</summary>
    public bool TryMarkDisposed() => Interlocked.Exchange(ref _disposed, 1) == 0;

    public void ThrowIfUnusable(object session)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, session);
        if (IsBroken)
        {
            throw BrokenException();
        }
    }

    public InstrumentIOException BrokenException() =>
        new(resourceText, null, $"the session is broken ({_brokenReason}) and must be reopened", isTransient: true);

    /// <summary>
    /// The exception for an operation cut short by the caller's cancellation, our timeout, or the session
    /// being closed meanwhile, in that order of precedence; null when it was none of these and the
    /// transport must say what went wrong. Cancellation and timeout break the session.
    /// </summary>
    public Exception? Interrupted(Exception e, string activity, CancellationToken caller, bool timedOut, TimeSpan timeout, string sessionType)
    {
        if (caller.IsCancellationRequested)
        {
            Break($"cancelled by the caller while {activity}");
            return new OperationCanceledException($"cancelled by the caller while {activity} ({resourceText}); the session is now broken", e, caller);
        }

        if (timedOut)
        {
            string problem = $"timed out after {(long)timeout.TotalMilliseconds} ms {activity}";
            Break(problem);
            return new VisaTimeoutException(resourceText, CommandInFlight, problem, timeout, e);
        }

        return IsDisposed
            ? new ObjectDisposedException(sessionType, $"the session to {resourceText} was closed while {activity}")
            : null;
    }

    /// <summary>The instrument closed the connection; <paramref name="midAnswer"/> says whether an answer was being read.</summary>
    public InstrumentIOException HungUp(Exception e, bool midAnswer)
    {
        string closed = midAnswer
            ? "the instrument closed the connection in the middle of an answer"
            : "the instrument closed the connection";
        Break(closed);
        return new InstrumentIOException(resourceText, CommandInFlight, closed, isTransient: true, e);
    }

    /// <summary>Any other transport failure: the link is gone, the session with it.</summary>
    public InstrumentIOException LinkFailed(Exception e, string activity)
    {
        string reason = e is SocketException se ? $"{se.SocketErrorCode} ({se.Message})" : e.Message;
        string problem = $"link failed while {activity}: {reason}";
        Break(problem);
        return new InstrumentIOException(resourceText, CommandInFlight, problem, isTransient: true, e);
    }

    /// <summary>A fault the protocol found (bad reply, device error); breaks the session when the stream is out of step.</summary>
    public InstrumentIOException Fault(string problem, bool breakSession, bool isTransient = false, Exception? inner = null)
    {
        if (breakSession)
        {
            Break(problem);
        }

        return new InstrumentIOException(resourceText, CommandInFlight, problem, isTransient, inner);
    }

    /// <summary>
    /// Why opening a session failed, as the caller should see it: their cancellation, the connect
    /// timeout naming the <paramref name="stage"/> it cut short, or an <see cref="InstrumentIOException"/>
    /// (transient unless the host does not resolve or the peer spoke nonsense). <paramref name="protocolProblem"/>
    /// is the transport's own wording for failures it recognises (refused connection, malformed reply), else null.
    /// </summary>
    public static Exception OpenFailure(ResourceName resource, Exception e, CancellationToken caller, bool timedOut, TimeSpan connectTimeout, string host, string stage, string? protocolProblem)
    {
        if (caller.IsCancellationRequested)
        {
            return new OperationCanceledException($"opening {resource} was cancelled by the caller", e, caller);
        }

        if (timedOut)
        {
            return new VisaTimeoutException(resource.ToString(), null, $"timed out after {(long)connectTimeout.TotalMilliseconds} ms {stage}", connectTimeout, e);
        }

        string problem = protocolProblem ?? e switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => $"host '{host}' could not be resolved",
            SocketException se => $"{stage}: {se.SocketErrorCode} ({se.Message})",
            _ => $"{stage}: {e.Message}",
        };
        bool transient = e is SocketException { SocketErrorCode: not SocketError.HostNotFound } or IOException;
        return new InstrumentIOException(resource.ToString(), null, problem, transient, e);
    }
}
