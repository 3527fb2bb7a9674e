using System.Globalization;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.Usbtmc;

/// <summary>
/// Finds the <c>/dev/usbtmcN</c> of a <c>USB::vid::pid::serial[::iface]::INSTR</c> resource through
/// sysfs: each <c>/sys/class/usbmisc/usbtmcN/device</c> links to the USB interface the driver bound,
/// whose parent directory is the USB device with <c>idVendor</c>, <c>idProduct</c> and <c>serial</c>.
/// The sysfs and /dev roots are parameters so tests can lay out a tree of their own.
/// </summary>
internal static class UsbtmcDeviceLocator
{
    public const string SysfsClassDirectory = "/sys/class/usbmisc";

    public static string Find(ResourceName resource, string sysfsClassDirectory = SysfsClassDirectory, string deviceDirectory = "/dev")
    {
        var seen = new List<string>();
        if (Directory.Exists(sysfsClassDirectory))
        {
            foreach (string entry in Directory.EnumerateDirectories(sysfsClassDirectory, "usbtmc*").Order(StringComparer.Ordinal))
            {
                string name = System.IO.Path.GetFileName(entry);
                // "device" links to the USB interface; its parent is the USB device. .NET normalises ".."
                // lexically, so resolve the link first.
                string usbInterface = Resolve(System.IO.Path.Combine(entry, "device"));
                string usbDevice = System.IO.Path.GetDirectoryName(usbInterface) ?? usbInterface;
                int? vendor = Hex(System.IO.Path.Combine(usbDevice, "idVendor"));
                int? product = Hex(System.IO.Path.Combine(usbDevice, "idProduct"));
                string? serial = Text(System.IO.Path.Combine(usbDevice, "serial"));
                int? iface = Hex(System.IO.Path.Combine(usbInterface, "bInterfaceNumber"));
                seen.Add(string.Create(CultureInfo.InvariantCulture, $"{name} = 0x{vendor:X4}::0x{product:X4}::{serial ?? "(no serial)"}::{iface}"));
                if (vendor == resource.UsbVendorId && product == resource.UsbProductId
                    && string.Equals(serial, resource.UsbSerialNumber, StringComparison.Ordinal)
                    && (resource.UsbInterfaceNumber is null || resource.UsbInterfaceNumber == iface))
                {
                    return System.IO.Path.Combine(deviceDirectory, name);
                }
            }
        }

        string found = seen.Count == 0
            ? $"no usbtmc devices under {sysfsClassDirectory} (is the instrument plugged in and the usbtmc module loaded?)"
            : $"usbtmc devices present: {string.Join("; ", seen)}";
        throw new InstrumentIOException(
            resource.ToString(),
            command: null,
            $"no usbtmc device matches vendor 0x{resource.UsbVendorId:X4}, product 0x{resource.UsbProductId:X4}, serial '{resource.UsbSerialNumber}'; {found}. "
                + "Give the device file explicitly with 'device:' in the station file if it is known",
            isTransient: false);
    }

    private static string Resolve(string link)
    {
        try
        {
            return new DirectoryInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link;
        }
        catch (IOException)
        {
            return link;
        }
    }

    private static int? Hex(string file) =>
        Text(file) is string text && int.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value) ? value : null;

    private static string? Text(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
