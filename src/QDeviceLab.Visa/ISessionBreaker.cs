namespace QDeviceLab.Visa;

/// <summary>
/// Lets the helpers in <see cref="MessageSessionExtensions"/> break a session when they find the byte
/// stream out of step (line too long, malformed or oversized block) and will not read the rest.
/// Internal so the public <see cref="IMessageSession"/> contract stays unchanged; sessions that do not
/// implement it (test fakes) simply are not broken by the helpers.
/// </summary>
internal interface ISessionBreaker
{
    void Break(string reason);
}
