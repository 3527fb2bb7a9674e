namespace QDeviceLab.Visa;

/// <summary>
/// Which implementation speaks to a resource. A station file names it per instrument
/// (<c>backend: managed | usbtmc | native</c>); without one <see cref="VisaBackends.DefaultFor"/> decides.
/// </summary>
public enum VisaBackend
{
    /// <summary>QDeviceLab's own protocol code: SOCKET, VXI-11, HiSLIP, serial.</summary>
    Managed,

    /// <summary>The Linux usbtmc kernel driver (<c>/dev/usbtmcN</c>) for USB INSTR resources.</summary>
    Usbtmc,

    /// <summary>An installed VISA library (NI-VISA, Keysight, R&amp;S) through P/Invoke.</summary>
    Native,
}

/// <summary>Names and defaults of <see cref="VisaBackend"/>.</summary>
public static class VisaBackends
{
    /// <summary>The spellings a station file or the command line may use.</summary>
    public static IReadOnlyList<string> Names { get; } = ["managed", "usbtmc", "native"];

    /// <summary>
    /// TCPIP and ASRL: managed (we speak those protocols). USB INSTR on Linux: the usbtmc driver.
    /// GPIB, USB RAW, USB elsewhere: an installed VISA library, the only thing that can reach them.
    /// </summary>
    public static VisaBackend DefaultFor(ResourceName resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.InterfaceType switch
        {
            InterfaceType.Tcpip or InterfaceType.Asrl => VisaBackend.Managed,
            InterfaceType.Usb when resource.ResourceClass == ResourceClass.Instr && OperatingSystem.IsLinux() => VisaBackend.Usbtmc,
            _ => VisaBackend.Native,
        };
    }

    /// <summary>Parses <c>managed</c>, <c>usbtmc</c> or <c>native</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out VisaBackend backend)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "managed":
                backend = VisaBackend.Managed;
                return true;
            case "usbtmc":
                backend = VisaBackend.Usbtmc;
                return true;
            case "native":
                backend = VisaBackend.Native;
                return true;
            default:
                backend = default;
                return false;
        }
    }

    /// <summary>The station-file spelling of <paramref name="backend"/>.</summary>
    public static string Name(this VisaBackend backend) => backend switch
    {
        VisaBackend.Managed => "managed",
        VisaBackend.Usbtmc => "usbtmc",
        _ => "native",
    };
}
