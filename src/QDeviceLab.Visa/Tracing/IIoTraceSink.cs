namespace QDeviceLab.Visa.Tracing;

/// <summary>Receives every exchange of the sessions it is given to; must be safe to call from many sessions at once.</summary>
public interface IIoTraceSink
{
    void Record(IoExchange exchange);
}
