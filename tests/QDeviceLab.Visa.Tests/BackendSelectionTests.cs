using QDeviceLab.Core;

namespace QDeviceLab.Visa.Tests;

/// <summary>Which backend opens a resource when none is named, and what each says when it cannot.</summary>
public sealed class BackendSelectionTests
{
    [Theory]
    [InlineData("TCPIP0::10.0.0.5::5025::SOCKET", VisaBackend.Managed)]
    [InlineData("TCPIP0::10.0.0.5::inst0::INSTR", VisaBackend.Managed)]
    [InlineData("TCPIP0::10.0.0.5::hislip0::INSTR", VisaBackend.Managed)]
    [InlineData("ASRL/dev/ttyUSB0::INSTR", VisaBackend.Managed)]
    [InlineData("USB0::0x0957::0x1796::MY1::INSTR", VisaBackend.Usbtmc)]
    [InlineData("USB0::0x0957::0x1796::MY1::RAW", VisaBackend.Native)]
    [InlineData("GPIB0::14::INSTR", VisaBackend.Native)]
    public void Default_backend_follows_the_interface_type(string text, VisaBackend expected)
    {
        // This suite runs on Linux, where USB INSTR goes to the usbtmc driver.
        Assert.True(OperatingSystem.IsLinux());
        Assert.Equal(expected, VisaBackends.DefaultFor(ResourceName.Parse(text)));
    }

    [Theory]
    [InlineData("managed", VisaBackend.Managed)]
    [InlineData("USBTMC", VisaBackend.Usbtmc)]
    [InlineData(" native ", VisaBackend.Native)]
    public void Backend_names_parse_case_insensitively_and_round_trip(string text, VisaBackend expected)
    {
        Assert.True(VisaBackends.TryParse(text, out var backend));
        Assert.Equal(expected, backend);
        Assert.Equal(text.Trim().ToLowerInvariant(), backend.Name());
    }

    [Fact]
    public void Unknown_backend_name_does_not_parse()
    {
        Assert.False(VisaBackends.TryParse("nivisa", out _));
    }

    [Theory]
    [InlineData("USB0::0x0957::0x1796::MY1::INSTR", "backend: usbtmc")]
    [InlineData("GPIB0::14::INSTR", "backend: native")]
    public async Task Managed_backend_says_which_backend_can_speak_the_bus(string text, string hint)
    {
        var options = new MessageSessionOptions { Backend = VisaBackend.Managed };

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync(ResourceName.Parse(text), options));

        Assert.Equal(ResourceName.Parse(text).ToString(), e.Resource);
        Assert.Contains("managed backend cannot speak", e.Message, StringComparison.Ordinal);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Usbtmc_backend_refuses_a_resource_that_is_not_USB_INSTR()
    {
        var options = new MessageSessionOptions { Backend = VisaBackend.Usbtmc };

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync(ResourceName.Parse("GPIB0::14::INSTR"), options));

        Assert.Contains("only USB INSTR", e.Message, StringComparison.Ordinal);
    }
}
