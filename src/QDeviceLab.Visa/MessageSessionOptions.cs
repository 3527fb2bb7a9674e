namespace QDeviceLab.Visa;

/// <summary>How <see cref="MessageSession.OpenAsync(ResourceName, MessageSessionOptions?, CancellationToken)"/> sets up a session.</summary>
public sealed record MessageSessionOptions
{
    public static MessageSessionOptions Default { get; } = new();

    /// <summary>Per-operation I/O timeout; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long establishing the link may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public byte TerminationCharacter { get; init; } = (byte)'\n';

    /// <summary>Size of the session's receive buffer; reads at least this large bypass it.</summary>
    public int ReceiveBufferSize { get; init; } = 64 * 1024;

    /// <summary>
    /// TCP port of the portmapper a VXI-11 resource is looked up through: 111 on every real
    /// instrument; the emulator may bind another when it cannot have 111.
    /// </summary>
    public int Vxi11PortmapperPort { get; init; } = Vxi11.Vxi11Protocol.DefaultPortmapperPort;

    /// <summary>Clock behind every timeout (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Line settings of a serial (ASRL) resource; null means VISA's default, 9600 8N1 without flow
    /// control. Ignored by other transports.
    /// </summary>
    public Serial.SerialSettings? Serial { get; init; }

    /// <summary>
    /// Which implementation speaks to the resource; null picks the default for its interface type
    /// (<see cref="VisaBackends.DefaultFor"/>).
    /// </summary>
    public VisaBackend? Backend { get; init; }

    /// <summary>
    /// Device file of a USB resource for the <see cref="VisaBackend.Usbtmc"/> backend
    /// (<c>/dev/usbtmc0</c>); null means find it through sysfs by vendor, product and serial.
    /// </summary>
    public string? UsbtmcDevice { get; init; }

    /// <summary>
    /// VISA shared library for the <see cref="VisaBackend.Native"/> backend; null means the
    /// <c>QDLAB_VISA_LIBRARY</c> environment variable, then the platform's usual names.
    /// </summary>
    public string? VisaLibrary { get; init; }

    /// <summary>Opens a usbtmc device file; tests put a stand-in device here.</summary>
    internal Func<string, Usbtmc.UsbtmcDeviceFile>? UsbtmcOpener { get; init; }
}
