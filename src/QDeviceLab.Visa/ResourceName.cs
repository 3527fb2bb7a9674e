using System.Globalization;

namespace QDeviceLab.Visa;

/// <summary>
/// A parsed VISA resource string (VPP-4.3 grammar), the only seam between the harness and an
/// instrument. Keywords are case-insensitive and a missing board number means 0;
/// <see cref="ToString"/> gives the canonical form, e.g. <c>TCPIP0::127.0.0.1::5025::SOCKET</c>.
/// Two names denoting the same resource have the same canonical form and compare equal.
/// </summary>
public sealed partial class ResourceName : IEquatable<ResourceName>
{
    public const int DefaultHiSlipPort = 4880;
    public const string DefaultLanDeviceName = "inst0";

    private string? _canonical;

    private ResourceName(InterfaceType interfaceType, ResourceClass resourceClass, int board)
    {
        InterfaceType = interfaceType;
        ResourceClass = resourceClass;
        Board = board;
    }

    public InterfaceType InterfaceType { get; }

    public ResourceClass ResourceClass { get; }

    /// <summary>Board (interface) number; 0 when the string has none, and for an ASRL device path.</summary>
    public int Board { get; }

    /// <summary>TCPIP host name or address; IPv6 addresses without their brackets (<c>::1</c>).</summary>
    public string? Host { get; private init; }

    /// <summary>TCP port: the SOCKET port, or the HiSLIP port (default 4880). Null for VXI-11 and other buses.</summary>
    public int? Port { get; private init; }

    /// <summary>TCPIP INSTR device name (<c>inst0</c> by default, <c>gpib0,5</c>, <c>hislip0</c>); without a HiSLIP port.</summary>
    public string? LanDeviceName { get; private init; }

    /// <summary>A TCPIP INSTR resource whose device name is <c>hislip&lt;n&gt;[,port]</c> (IVI-6.1).</summary>
    public bool IsHiSlip { get; private init; }

    /// <summary>A TCPIP INSTR resource that is not HiSLIP, so spoken with VXI-11.</summary>
    public bool IsVxi11 => InterfaceType == InterfaceType.Tcpip && ResourceClass == ResourceClass.Instr && !IsHiSlip;

    /// <summary>ASRL device path (<c>/dev/ttyUSB0</c>, <c>COM3</c>) when one was given instead of a board number.</summary>
    public string? SerialDevicePath { get; private init; }

    public int? UsbVendorId { get; private init; }

    public int? UsbProductId { get; private init; }

    public string? UsbSerialNumber { get; private init; }

    public int? UsbInterfaceNumber { get; private init; }

    /// <summary>GPIB primary address, 0-30.</summary>
    public int? GpibPrimaryAddress { get; private init; }

    /// <summary>GPIB secondary address as VISA counts it, 0-30 (not the 96-126 bus encoding).</summary>
    public int? GpibSecondaryAddress { get; private init; }

    /// <summary>Parses a resource string; throws <see cref="ResourceNameException"/> saying which field is wrong.</summary>
    public static ResourceName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text).Run() ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary>Parses a resource string; on failure <paramref name="error"/> holds the same message <see cref="Parse"/> would throw.</summary>
    public static bool TryParse(string? text, out ResourceName? name, out string? error)
    {
        name = null;
        error = null;
        if (text is null)
        {
            error = "no resource name given";
            return false;
        }

        try
        {
            name = new Parser(text).Run();
            return true;
        }
        catch (ResourceNameException e)
        {
            error = e.Message;
            return false;
        }
    }

    public override string ToString() => _canonical ??= Format();

    public bool Equals(ResourceName? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ResourceName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private string Format()
    {
        var ci = CultureInfo.InvariantCulture;
        switch (InterfaceType)
        {
            case InterfaceType.Tcpip:
                string host = Host!.Contains(':') ? $"[{Host}]" : Host!;
                if (ResourceClass == ResourceClass.Socket)
                {
                    return string.Create(ci, $"TCPIP{Board}::{host}::{Port}::SOCKET");
                }

                string device = IsHiSlip && Port != DefaultHiSlipPort ? string.Create(ci, $"{LanDeviceName},{Port}") : LanDeviceName!;
                return string.Create(ci, $"TCPIP{Board}::{host}::{device}::INSTR");
            case InterfaceType.Asrl:
                return SerialDevicePath is null ? string.Create(ci, $"ASRL{Board}::INSTR") : $"ASRL{SerialDevicePath}::INSTR";
            case InterfaceType.Usb:
                string iface = UsbInterfaceNumber is int n ? string.Create(ci, $"::{n}") : "";
                string cls = ResourceClass == ResourceClass.Raw ? "RAW" : "INSTR";
                return string.Create(ci, $"USB{Board}::0x{UsbVendorId:X4}::0x{UsbProductId:X4}::{UsbSerialNumber}{iface}::{cls}");
            default:
                string secondary = GpibSecondaryAddress is int s ? string.Create(ci, $"::{s}") : "";
                return string.Create(ci, $"GPIB{Board}::{GpibPrimaryAddress}{secondary}::INSTR");
        }
    }
}
