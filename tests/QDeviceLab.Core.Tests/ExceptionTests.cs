using QDeviceLab.Core;

namespace QDeviceLab.Core.Tests;

public sealed class ExceptionTests
{
    [Fact]
    public void A_user_input_error_names_file_line_and_problem()
    {
        var e = new UserInputException("features/t1.feature", 12, "expected a step keyword");
        Assert.Equal("features/t1.feature:12: expected a step keyword", e.Message);
        Assert.Equal("features/t1.feature", e.Origin);
        Assert.Equal(12, e.Line);
    }

    [Fact]
    public void A_user_input_error_without_line_names_the_source()
    {
        var e = new UserInputException("--seed", null, "expected a whole number");
        Assert.Equal("--seed: expected a whole number", e.Message);
    }

    [Fact]
    public void A_transport_failure_names_the_command_and_resource()
    {
        var e = new InstrumentIOException("TCPIP0::127.0.0.1::5025::SOCKET", "KRDG? 6\n", "timed out after 2 s", isTransient: true);
        Assert.Equal("timed out after 2 s (asking 'KRDG? 6' to TCPIP0::127.0.0.1::5025::SOCKET)", e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void A_long_command_is_abbreviated_in_messages()
    {
        var e = new InstrumentIOException("r", new string('A', 200), "broken", isTransient: false);
        Assert.Contains("AAA...", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 140);
    }

    [Fact]
    public void An_instrument_error_quotes_the_error_queue_entry()
    {
        var e = new InstrumentErrorException("TCPIP0::h::5025::SOCKET", "FOO:BAR 1", -113, "Undefined header");
        Assert.Equal("instrument reported -113,\"Undefined header\" after 'FOO:BAR 1' (TCPIP0::h::5025::SOCKET)", e.Message);
        Assert.Equal(-113, e.Code);
    }
}
