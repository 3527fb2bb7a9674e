namespace QDeviceLab.Visa.Serial;

/// <summary>Parity bit of each character on a serial line.</summary>
public enum SerialParity
{
    None,
    Odd,
    Even,
    Mark,
    Space,
}

/// <summary>Stop bits ending each character on a serial line.</summary>
public enum SerialStopBits
{
    One,
    OnePointFive,
    Two,
}

/// <summary>How the two ends of a serial line pace each other.</summary>
public enum SerialFlowControl
{
    None,

    /// <summary>Software flow control (XON 0x11 / XOFF 0x13 in the data).</summary>
    XonXoff,

    /// <summary>Hardware flow control on the RTS/CTS lines.</summary>
    RtsCts,
}

/// <summary>
/// Line settings of an ASRL resource. The defaults are VISA's (9600 baud, 8 data bits, no parity,
/// one stop bit, no flow control); instruments that differ say so in the station file or take a
/// model default such as <see cref="LakeShore372"/>.
/// </summary>
public sealed record SerialSettings
{
    public static SerialSettings Default { get; } = new();

    /// <summary>Lake Shore Model 372 (and 336/370): 7 data bits, odd parity, 1 stop bit; 9600 baud is the factory setting.</summary>
    public static SerialSettings LakeShore372 { get; } = new() { DataBits = 7, Parity = SerialParity.Odd };

    public int BaudRate { get; init; } = 9600;

    /// <summary>5 to 8.</summary>
    public int DataBits { get; init; } = 8;

    public SerialParity Parity { get; init; } = SerialParity.None;

    public SerialStopBits StopBits { get; init; } = SerialStopBits.One;

    public SerialFlowControl FlowControl { get; init; } = SerialFlowControl.None;

    /// <summary>Why these settings cannot describe a serial line, or null when they can.</summary>
    public string? Problem() => this switch
    {
        { BaudRate: <= 0 or > 4_000_000 } => $"baud rate {BaudRate} is out of range; expected 1 to 4000000",
        { DataBits: < 5 or > 8 } => $"{DataBits} data bits is out of range; expected 5 to 8",
        { DataBits: not 5, StopBits: SerialStopBits.OnePointFive } => "1.5 stop bits exist only with 5 data bits",
        _ => null,
    };

    /// <summary>Short form used by terminal programs and manuals: <c>9600 7O1</c>.</summary>
    public override string ToString()
    {
        char parity = Parity switch
        {
            SerialParity.Odd => 'O',
            SerialParity.Even => 'E',
            SerialParity.Mark => 'M',
            SerialParity.Space => 'S',
            _ => 'N',
        };
        string stop = StopBits switch
        {
            SerialStopBits.OnePointFive => "1.5",
            SerialStopBits.Two => "2",
            _ => "1",
        };
        string flow = FlowControl switch
        {
            SerialFlowControl.XonXoff => " XON/XOFF",
            SerialFlowControl.RtsCts => " RTS/CTS",
            _ => string.Empty,
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{BaudRate} {DataBits}{parity}{stop}{flow}");
    }
}
