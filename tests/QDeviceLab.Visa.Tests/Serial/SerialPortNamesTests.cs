using QDeviceLab.Core;
using QDeviceLab.Visa.Serial;

namespace QDeviceLab.Visa.Tests.Serial;

public sealed class SerialPortNamesTests
{
    [Theory]
    [InlineData("ASRL1::INSTR", false, "/dev/ttyS0")]
    [InlineData("ASRL3::INSTR", false, "/dev/ttyS2")]
    [InlineData("ASRL3::INSTR", true, "COM3")]
    [InlineData("ASRL/dev/ttyUSB0::INSTR", false, "/dev/ttyUSB0")]
    [InlineData("ASRL/dev/pts/7::INSTR", false, "/dev/pts/7")]
    [InlineData("ASRLCOM4::INSTR", true, "COM4")]
    public void Board_numbers_count_from_one_and_device_paths_are_taken_as_given(string resource, bool windows, string expected)
    {
        Assert.Equal(expected, SerialPortNames.For(ResourceName.Parse(resource), windows));
    }

    [Fact]
    public void Board_zero_is_refused_with_the_forms_that_work()
    {
        var e = Assert.Throws<InstrumentIOException>(() => SerialPortNames.For(ResourceName.Parse("ASRL::INSTR"), windows: false));

        Assert.Contains("count from 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_a_port_that_does_not_exist_names_it()
    {
        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync("ASRL/dev/qdl-no-such-tty::INSTR"));

        Assert.Contains("/dev/qdl-no-such-tty", e.Message, StringComparison.Ordinal);
    }
}
