using QDeviceLab.Core;
using QDeviceLab.Visa.Usbtmc;

namespace QDeviceLab.Visa.Tests.Usbtmc;

/// <summary>
/// The sysfs lookup against a tree laid out like the kernel's: class entries whose <c>device</c> is a
/// symlink to the USB interface, whose parent holds idVendor, idProduct and serial.
/// </summary>
public sealed class UsbtmcDeviceLocatorTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("qdlab-sysfs-");

    public UsbtmcDeviceLocatorTests()
    {
        AddDevice("usbtmc0", "1-1", vendor: "0957", product: "1796", serial: "MY12345678", iface: "00");
        AddDevice("usbtmc1", "1-2", vendor: "0699", product: "0503", serial: "B010123", iface: "00");
        AddDevice("usbtmc2", "1-3", vendor: "0699", product: "0503", serial: "B010123", iface: "01");
    }

    private string ClassDirectory => Path.Combine(_root.FullName, "class", "usbmisc");

    [Fact]
    public void Vendor_product_and_serial_pick_the_device_file()
    {
        var resource = ResourceName.Parse("USB0::0x0957::0x1796::MY12345678::INSTR");

        Assert.Equal("/dev/usbtmc0", UsbtmcDeviceLocator.Find(resource, ClassDirectory));
    }

    [Fact]
    public void Interface_number_tells_apart_two_interfaces_of_one_device()
    {
        var first = ResourceName.Parse("USB0::0x0699::0x0503::B010123::0::INSTR");
        var second = ResourceName.Parse("USB0::0x0699::0x0503::B010123::1::INSTR");

        Assert.Equal("/dev/usbtmc1", UsbtmcDeviceLocator.Find(first, ClassDirectory));
        Assert.Equal("/dev/usbtmc2", UsbtmcDeviceLocator.Find(second, ClassDirectory));
    }

    [Fact]
    public void No_match_lists_what_is_plugged_in_and_how_to_name_the_file()
    {
        var resource = ResourceName.Parse("USB0::0x0957::0x1796::OTHER::INSTR");

        var e = Assert.Throws<InstrumentIOException>(() => UsbtmcDeviceLocator.Find(resource, ClassDirectory));

        Assert.Contains("serial 'OTHER'", e.Message, StringComparison.Ordinal);
        Assert.Contains("usbtmc0 = 0x0957::0x1796::MY12345678", e.Message, StringComparison.Ordinal);
        Assert.Contains("'device:'", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void Missing_class_directory_says_no_usbtmc_devices()
    {
        var resource = ResourceName.Parse("USB0::0x0957::0x1796::MY12345678::INSTR");

        var e = Assert.Throws<InstrumentIOException>(() => UsbtmcDeviceLocator.Find(resource, Path.Combine(_root.FullName, "nothing")));

        Assert.Contains("no usbtmc devices", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private void AddDevice(string name, string usbDevice, string vendor, string product, string serial, string iface)
    {
        string device = Path.Combine(_root.FullName, "devices", usbDevice);
        string intf = Path.Combine(device, $"{usbDevice}:1.{iface}");
        Directory.CreateDirectory(intf);
        File.WriteAllText(Path.Combine(device, "idVendor"), vendor + "\n");
        File.WriteAllText(Path.Combine(device, "idProduct"), product + "\n");
        File.WriteAllText(Path.Combine(device, "serial"), serial + "\n");
        File.WriteAllText(Path.Combine(intf, "bInterfaceNumber"), iface + "\n");
        string entry = Path.Combine(ClassDirectory, name);
        Directory.CreateDirectory(entry);
        Directory.CreateSymbolicLink(Path.Combine(entry, "device"), intf);
    }
}
