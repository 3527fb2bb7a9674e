namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// Bytes on an ONC RPC connection that cannot be a valid record or message: a fragment larger
/// than allowed, a truncated XDR item, a reply to another call. Knows no resource; the VXI-11
/// session wraps it into an <see cref="QDeviceLab.Core.InstrumentIOException"/> and breaks.
/// </summary>
public sealed class RpcFormatException : FormatException
{
    public RpcFormatException(string message) : base(message) { }
}
