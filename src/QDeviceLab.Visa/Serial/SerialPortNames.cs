using QDeviceLab.Core;

namespace QDeviceLab.Visa.Serial;

/// <summary>
/// The operating-system port behind an ASRL resource: the device path when the resource names one
/// (<c>ASRL/dev/ttyUSB0::INSTR</c>, <c>ASRLCOM3::INSTR</c>), else board n, counted from 1 as VISA does:
/// <c>COMn</c> on Windows and <c>/dev/ttyS(n-1)</c> elsewhere (ASRL1 is the first port, COM1 = ttyS0).
/// </summary>
internal static class SerialPortNames
{
    public static string For(ResourceName resource) => For(resource, OperatingSystem.IsWindows());

    public static string For(ResourceName resource, bool windows)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.InterfaceType != InterfaceType.Asrl)
        {
            throw new ArgumentException($"{resource} is not a serial (ASRL) resource", nameof(resource));
        }

        if (resource.SerialDevicePath is { } path)
        {
            return path;
        }

        if (resource.Board < 1)
        {
            throw new InstrumentIOException(resource.ToString(), null,
                "serial boards count from 1 (ASRL1 is COM1 or /dev/ttyS0); give ASRL1::INSTR or a device path such as ASRL/dev/ttyUSB0::INSTR",
                isTransient: false);
        }

        return windows
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"COM{resource.Board}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/dev/ttyS{resource.Board - 1}");
    }
}
