using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>
/// An operation did not finish within the session's <see cref="IMessageSession.Timeout"/> (or the
/// connect timeout). Always transient; the session that timed out is broken and must be reopened.
/// </summary>
public sealed class VisaTimeoutException : InstrumentIOException
{
    public VisaTimeoutException(string resource, string? command, string problem, TimeSpan timeout, Exception? inner = null)
        : base(resource, command, problem, isTransient: true, inner)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>
/// Bytes that should start an IEEE 488.2 arbitrary block (<c>#&lt;n&gt;&lt;len&gt;</c>) do not, or announce
/// more than the reader allows. Thrown by <see cref="Ieee4882Block"/>, which knows no resource; the
/// session helpers wrap it into an <see cref="InstrumentIOException"/>.
/// </summary>
public sealed class BlockFormatException : FormatException
{
    public BlockFormatException(string message) : base(message) { }
}
