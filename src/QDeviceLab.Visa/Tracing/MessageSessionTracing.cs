namespace QDeviceLab.Visa.Tracing;

/// <summary>Wraps sessions so that their traffic is traced.</summary>
public static class MessageSessionTracing
{
    /// <summary>
    /// A session that behaves as <paramref name="session"/> and records each of its exchanges in
    /// <paramref name="sink"/>. Disposing it disposes <paramref name="session"/>.
    /// </summary>
    public static IMessageSession WithTrace(this IMessageSession session, IIoTraceSink sink, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sink);
        return new TracingMessageSession(session, sink, timeProvider ?? TimeProvider.System);
    }
}
