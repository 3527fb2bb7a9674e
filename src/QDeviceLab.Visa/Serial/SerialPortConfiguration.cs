using System.IO.Ports;

namespace QDeviceLab.Visa.Serial;

/// <summary>
/// What a <see cref="SerialPort"/> is configured with for given <see cref="SerialSettings"/>. Kept apart
/// from opening the port so the framing a real line gets (7O1 for a Lake Shore bridge) can be checked
/// without hardware: a pseudo-terminal ignores parity and character size, so an end-to-end test over
/// a pty cannot tell 7O1 from 8N1.
/// </summary>
internal static class SerialPortConfiguration
{
    public static void Apply(SerialPort port, SerialSettings settings)
    {
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        port.BaudRate = settings.BaudRate;
        port.DataBits = settings.DataBits;
        port.Parity = ToPortParity(settings.Parity);
        port.StopBits = ToPortStopBits(settings.StopBits);
        port.Handshake = ToHandshake(settings.FlowControl);
        // With RTS/CTS the driver owns RTS; otherwise assert DTR and RTS as VISA does, since some
        // adapters and instruments only talk while they see them.
        port.DtrEnable = true;
        port.RtsEnable = settings.FlowControl != SerialFlowControl.RtsCts;

        // Reads never block on the port's own timeouts: the session bounds each operation itself.
        port.ReadTimeout = SerialPort.InfiniteTimeout;
        port.WriteTimeout = SerialPort.InfiniteTimeout;
    }

    public static Parity ToPortParity(SerialParity parity) => parity switch
    {
        SerialParity.Odd => Parity.Odd,
        SerialParity.Even => Parity.Even,
        SerialParity.Mark => Parity.Mark,
        SerialParity.Space => Parity.Space,
        _ => Parity.None,
    };

    public static StopBits ToPortStopBits(SerialStopBits stopBits) => stopBits switch
    {
        SerialStopBits.OnePointFive => StopBits.OnePointFive,
        SerialStopBits.Two => StopBits.Two,
        _ => StopBits.One,
    };

    public static Handshake ToHandshake(SerialFlowControl flow) => flow switch
    {
        SerialFlowControl.XonXoff => Handshake.XOnXOff,
        SerialFlowControl.RtsCts => Handshake.RequestToSend,
        _ => Handshake.None,
    };
}
