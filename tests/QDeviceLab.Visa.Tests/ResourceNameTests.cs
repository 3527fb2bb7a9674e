namespace QDeviceLab.Visa.Tests;

public class ResourceNameTests
{
    [Theory]
    [InlineData("TCPIP0::127.0.0.1::5025::SOCKET", "TCPIP0::127.0.0.1::5025::SOCKET")]
    [InlineData("tcpip::127.0.0.1::5025::socket", "TCPIP0::127.0.0.1::5025::SOCKET")]
    [InlineData("  TCPIP0::127.0.0.1::5025::SOCKET  ", "TCPIP0::127.0.0.1::5025::SOCKET")]
    [InlineData("TCPIP1::lab-awg.local::4000::SOCKET", "TCPIP1::lab-awg.local::4000::SOCKET")]
    [InlineData("TCPIP0::localhost::1::SOCKET", "TCPIP0::localhost::1::SOCKET")]
    [InlineData("TCPIP0::127.0.0.1::65535::SOCKET", "TCPIP0::127.0.0.1::65535::SOCKET")]
    [InlineData("TCPIP0::127.0.0.1::05025::SOCKET", "TCPIP0::127.0.0.1::5025::SOCKET")]
    [InlineData("TCPIP::[::1]::5025::SOCKET", "TCPIP0::[::1]::5025::SOCKET")]
    [InlineData("TCPIP0::[fe80::1]::5025::SOCKET", "TCPIP0::[fe80::1]::5025::SOCKET")]
    [InlineData("TCPIP0::[2001:DB8:0::10]::4000::SOCKET", "TCPIP0::[2001:db8::10]::4000::SOCKET")]
    [InlineData("TCPIP0::192.168.0.10", "TCPIP0::192.168.0.10::inst0::INSTR")]
    [InlineData("TCPIP::192.168.0.10::INSTR", "TCPIP0::192.168.0.10::inst0::INSTR")]
    [InlineData("TCPIP0::192.168.0.10::inst0::INSTR", "TCPIP0::192.168.0.10::inst0::INSTR")]
    [InlineData("TCPIP0::192.168.0.10::inst1", "TCPIP0::192.168.0.10::inst1::INSTR")]
    [InlineData("TCPIP0::192.168.0.10::gpib0,5::INSTR", "TCPIP0::192.168.0.10::gpib0,5::INSTR")]
    [InlineData("TCPIP3::Scope.Lab.Example.com::INSTR", "TCPIP3::scope.lab.example.com::inst0::INSTR")]
    [InlineData("TCPIP0::[::1]::inst0::INSTR", "TCPIP0::[::1]::inst0::INSTR")]
    [InlineData("TCPIP0::awg::hislip0::INSTR", "TCPIP0::awg::hislip0::INSTR")]
    [InlineData("TCPIP0::awg::hislip0,4880::INSTR", "TCPIP0::awg::hislip0::INSTR")]
    [InlineData("tcpip0::awg::HISLIP1,4881::instr", "TCPIP0::awg::hislip1,4881::INSTR")]
    [InlineData("TCPIP0::awg::hislip0", "TCPIP0::awg::hislip0::INSTR")]
    [InlineData("ASRL1::INSTR", "ASRL1::INSTR")]
    [InlineData("ASRL::INSTR", "ASRL0::INSTR")]
    [InlineData("asrl3", "ASRL3::INSTR")]
    [InlineData("ASRL/dev/ttyUSB0::INSTR", "ASRL/dev/ttyUSB0::INSTR")]
    [InlineData("ASRL/dev/pts/3::INSTR", "ASRL/dev/pts/3::INSTR")]
    [InlineData("asrlcom3::instr", "ASRLCOM3::INSTR")]
    [InlineData("USB0::0x0957::0x1796::MY12345678::INSTR", "USB0::0x0957::0x1796::MY12345678::INSTR")]
    [InlineData("USB::2391::6038::MY12345678", "USB0::0x0957::0x1796::MY12345678::INSTR")]
    [InlineData("usb1::0x1ab1::0x04ce::DS1ZA123::0::instr", "USB1::0x1AB1::0x04CE::DS1ZA123::0::INSTR")]
    [InlineData("USB0::0x1234::0x5678::SN-1::RAW", "USB0::0x1234::0x5678::SN-1::RAW")]
    [InlineData("USB0::0x1234::0x5678::SN-1::3::raw", "USB0::0x1234::0x5678::SN-1::3::RAW")]
    [InlineData("USB0::0xFFFF::0::X", "USB0::0xFFFF::0x0000::X::INSTR")]
    [InlineData("GPIB0::14::INSTR", "GPIB0::14::INSTR")]
    [InlineData("GPIB::14", "GPIB0::14::INSTR")]
    [InlineData("gpib1::0::30::instr", "GPIB1::0::30::INSTR")]
    [InlineData("GPIB0::30::0", "GPIB0::30::0::INSTR")]
    [InlineData("GPIB2::7::INSTR", "GPIB2::7::INSTR")]
    public void Valid_names_parse_to_their_canonical_form(string text, string canonical)
    {
        var name = ResourceName.Parse(text);

        Assert.Equal(canonical, name.ToString());
        Assert.Equal(name, ResourceName.Parse(canonical));
        Assert.True(ResourceName.TryParse(text, out var again, out string? error));
        Assert.Null(error);
        Assert.Equal(name, again);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("FOO0::1::INSTR", "field 1: unknown interface type 'FOO0'; expected TCPIP, ASRL, USB or GPIB")]
    [InlineData("VXI0::1::INSTR", "unknown interface type 'VXI0'")]
    [InlineData("TCPIPx::host::5025::SOCKET", "field 1: 'TCPIP' must be followed by a board number or nothing, not 'x'")]
    [InlineData("TCPIP99999::host::5025::SOCKET", "field 1: board number 99999 is out of range 0-65535")]
    [InlineData("TCPIP0::host::99999::SOCKET", "field 3: port 99999 is out of range 1-65535")]
    [InlineData("TCPIP0::host::0::SOCKET", "field 3: port 0 is out of range 1-65535")]
    [InlineData("TCPIP0::host::50a5::SOCKET", "field 3: port '50a5' is not a decimal number")]
    [InlineData("TCPIP0::host::SOCKET", "field 3: missing port before ::SOCKET")]
    [InlineData("TCPIP0::::5025::SOCKET", "field 2: is empty")]
    [InlineData("TCPIP0::host::5025::SOCKET::", "field 5: is empty: the name ends with '::'")]
    [InlineData("TCPIP0::host:5025::SOCKET", "field 2: host 'host:5025' contains ':'")]
    [InlineData("TCPIP0::host::5025", "field 3: device name '5025' looks like a port number; a raw socket needs the SOCKET class: 'TCPIP0::host::5025::SOCKET'")]
    [InlineData("TCPIP0::host::5025::INSTR", "looks like a port number")]
    [InlineData("TCPIP0::[::1::5025::SOCKET", "field 2: an IPv6 address opened with '[' is not closed with ']'")]
    [InlineData("TCPIP0::[not-ipv6]::5025::SOCKET", "field 2: 'not-ipv6' in brackets is not a valid IPv6 address")]
    [InlineData("TCPIP0::[::1]x::5025::SOCKET", "field 2: '[::1]x' has text after the closing ']'")]
    [InlineData("TCPIP0::300.1.1.1::5025::SOCKET", "field 2: host '300.1.1.1' is not a valid IPv4 address")]
    [InlineData("TCPIP0::10.0.1::5025::SOCKET", "not a valid IPv4 address")]
    [InlineData("TCPIP0::ho st::5025::SOCKET", "field 2: 'ho st' contains white space")]
    [InlineData("TCPIP0::host::5025::SOCKET::extra", "unexpected field")]
    [InlineData("TCPIP0::host::hislip0,99999::INSTR", "field 3: HiSLIP port 99999 is out of range 1-65535")]
    [InlineData("TCPIP0::host::hislipX::INSTR", "field 3: HiSLIP device name 'hislipX' should be hislip<n>")]
    [InlineData("TCPIP0::host::inst/0::INSTR", "field 3: device name 'inst/0' contains '/'")]
    [InlineData("TCPIP0::host::5025::RAW", "field 4: RAW is a USB resource class")]
    [InlineData("TCPIP0::host::inst0::INTFC", "field 4: resource class INTFC is not supported")]
    [InlineData("ASRL1::5::INSTR", "field 2: unexpected field '5'")]
    [InlineData("ASRLfoo::INSTR", "field 1: 'ASRL' must be followed by a board number or a device path")]
    [InlineData("ASRL1::SOCKET", "field 2: serial (ASRL) resources are of class INSTR")]
    [InlineData("USB0::0x0957::0x1796::INSTR", "field 4: missing serial number")]
    [InlineData("USB0::INSTR", "field 2: missing vendor id")]
    [InlineData("USB0::0x10000::0x1796::SN::INSTR", "field 2: vendor id 0x10000 is out of range 0x0000-0xFFFF")]
    [InlineData("USB0::0xZZ::0x1796::SN::INSTR", "field 2: vendor id '0xZZ' is not a hexadecimal number")]
    [InlineData("USB0::0x0957::70000::SN::INSTR", "field 3: product id 70000 is out of range 0-65535")]
    [InlineData("USB0::0x0957::-1::SN::INSTR", "field 3: product id '-1' is neither a decimal number nor a 0x-prefixed")]
    [InlineData("USB0::0x0957::0x1796::SN::256::INSTR", "field 5: USB interface number 256 is out of range 0-255")]
    [InlineData("USB0::0x0957::0x1796::SN::SOCKET", "SOCKET is a TCPIP resource class")]
    [InlineData("GPIB0::31::INSTR", "field 2: primary address 31 is out of range 0-30")]
    [InlineData("GPIB0::5::96::INSTR", "field 3: secondary address 96 is out of range 0-30; VISA counts secondary addresses from 0, so write 0")]
    [InlineData("GPIB0::5::31::INSTR", "field 3: secondary address 31 is out of range 0-30")]
    [InlineData("GPIB0::INSTR", "field 2: missing primary address")]
    [InlineData("GPIB0::1::2::3::INSTR", "field 4: unexpected field '3'")]
    [InlineData("GPIB0::1::SOCKET", "GPIB resources are of class INSTR")]
    public void Invalid_names_are_rejected_with_the_field_and_what_was_expected(string text, string expected)
    {
        var e = Assert.Throws<ResourceNameException>(() => ResourceName.Parse(text));

        Assert.StartsWith($"'{text}'", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.False(ResourceName.TryParse(text, out var name, out string? error));
        Assert.Null(name);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void Out_of_range_port_message_quotes_the_input_and_names_the_field()
    {
        var e = Assert.Throws<ResourceNameException>(() => ResourceName.Parse("TCPIP0::host::99999::SOCKET"));

        Assert.Equal("'TCPIP0::host::99999::SOCKET': field 3: port 99999 is out of range 1-65535", e.Message);
        Assert.Equal(3, e.Field);
        Assert.Equal("TCPIP0::host::99999::SOCKET", e.Input);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Theory]
    [InlineData("TCPIP0::host::5025", "'TCPIP0::host::5025': field 3: device name '5025' looks like a port number; a raw socket needs the SOCKET class: 'TCPIP0::host::5025::SOCKET'")]
    [InlineData("USB0::0x0957::0x1796::INSTR", "'USB0::0x0957::0x1796::INSTR': field 4: missing serial number; expected USB[board]::vendor::product::serial[::interface][::INSTR|::RAW]")]
    [InlineData("TCPIP0::::1::5025::SOCKET", "'TCPIP0::::1::5025::SOCKET': field 2: is empty (two '::' separators in a row, or '::' at the start); an IPv6 host goes in brackets, e.g. 'TCPIP0::[::1]::5025::SOCKET'")]
    public void Messages_quoted_in_the_user_documentation_are_exact(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<ResourceNameException>(() => ResourceName.Parse(text)).Message);
    }

    [Fact]
    public void TryParse_of_null_fails_without_throwing()
    {
        Assert.False(ResourceName.TryParse(null, out var name, out string? error));
        Assert.Null(name);
        Assert.NotNull(error);
    }

    [Fact]
    public void Socket_resource_exposes_host_and_port()
    {
        var name = ResourceName.Parse("TCPIP2::10.1.2.3::5025::SOCKET");

        Assert.Equal(InterfaceType.Tcpip, name.InterfaceType);
        Assert.Equal(ResourceClass.Socket, name.ResourceClass);
        Assert.Equal(2, name.Board);
        Assert.Equal("10.1.2.3", name.Host);
        Assert.Equal(5025, name.Port);
        Assert.Null(name.LanDeviceName);
        Assert.False(name.IsHiSlip);
        Assert.False(name.IsVxi11);
    }

    [Fact]
    public void Ipv6_host_is_exposed_without_brackets()
    {
        var name = ResourceName.Parse("TCPIP0::[::1]::5025::SOCKET");

        Assert.Equal("::1", name.Host);
        Assert.Equal("TCPIP0::[::1]::5025::SOCKET", name.ToString());
    }

    [Fact]
    public void Tcpip_instr_without_device_is_vxi11_inst0()
    {
        var name = ResourceName.Parse("TCPIP::scope");

        Assert.Equal(ResourceClass.Instr, name.ResourceClass);
        Assert.Equal(0, name.Board);
        Assert.Equal("inst0", name.LanDeviceName);
        Assert.True(name.IsVxi11);
        Assert.False(name.IsHiSlip);
        Assert.Null(name.Port);
    }

    [Theory]
    [InlineData("TCPIP0::awg::hislip0::INSTR", 4880)]
    [InlineData("TCPIP0::awg::hislip0,4881::INSTR", 4881)]
    public void Hislip_device_name_gives_port_and_is_not_vxi11(string text, int port)
    {
        var name = ResourceName.Parse(text);

        Assert.True(name.IsHiSlip);
        Assert.False(name.IsVxi11);
        Assert.Equal("hislip0", name.LanDeviceName);
        Assert.Equal(port, name.Port);
    }

    [Fact]
    public void Serial_device_path_and_board_are_told_apart()
    {
        var path = ResourceName.Parse("ASRL/dev/ttyUSB0::INSTR");
        var board = ResourceName.Parse("ASRL4::INSTR");

        Assert.Equal("/dev/ttyUSB0", path.SerialDevicePath);
        Assert.Equal(0, path.Board);
        Assert.Null(board.SerialDevicePath);
        Assert.Equal(4, board.Board);
        Assert.Equal(InterfaceType.Asrl, board.InterfaceType);
    }

    [Fact]
    public void Usb_ids_accept_decimal_and_hex()
    {
        var name = ResourceName.Parse("USB0::2391::0x1796::MY44::2::RAW");

        Assert.Equal(InterfaceType.Usb, name.InterfaceType);
        Assert.Equal(ResourceClass.Raw, name.ResourceClass);
        Assert.Equal(0x0957, name.UsbVendorId);
        Assert.Equal(0x1796, name.UsbProductId);
        Assert.Equal("MY44", name.UsbSerialNumber);
        Assert.Equal(2, name.UsbInterfaceNumber);
    }

    [Fact]
    public void Gpib_addresses_are_exposed()
    {
        var name = ResourceName.Parse("GPIB1::22::5");

        Assert.Equal(InterfaceType.Gpib, name.InterfaceType);
        Assert.Equal(1, name.Board);
        Assert.Equal(22, name.GpibPrimaryAddress);
        Assert.Equal(5, name.GpibSecondaryAddress);
        Assert.Null(ResourceName.Parse("GPIB::22").GpibSecondaryAddress);
    }

    [Fact]
    public void Names_of_the_same_resource_are_equal_whatever_the_spelling()
    {
        var a = ResourceName.Parse("tcpip::LabHost::5025::socket");
        var b = ResourceName.Parse("TCPIP0::labhost::5025::SOCKET");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ResourceName.Parse("TCPIP0::labhost::5026::SOCKET"));
    }
}
