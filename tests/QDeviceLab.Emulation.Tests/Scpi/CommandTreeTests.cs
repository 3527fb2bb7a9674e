namespace QDeviceLab.Emulation.Tests.Scpi;

public sealed class CommandTreeTests
{
    [Theory]
    [InlineData("SOURce2:VOLTage:LEVel:IMMediate:AMPLitude 0.5", "VOLT 2 0.5")]
    [InlineData("sour2:volt 0.5", "VOLT 2 0.5")]
    [InlineData("VOLT 0.5", "VOLT 1 0.5")]
    [InlineData(":SOUR3:VOLT:AMPL 1.5e-1", "VOLT 3 0.15")]
    [InlineData("Source4:Voltage:Immediate 0.25", "VOLT 4 0.25")]
    [InlineData("OUTP2 ON", "OUTP 2 True")]
    [InlineData("output7:state 0", "OUTP 7 False")]
    [InlineData("WLIS:WAV:NEW \"pi\",40", "NEW pi 40")]
    [InlineData("wlist:waveform:new 'a \"\"q', 1E3", "NEW a \"\"q 1000")]
    [InlineData("WLIS:WAV:NEW \"say \"\"hi\"\"\",2", "NEW say \"hi\" 2")]
    public void Long_short_optional_and_suffixed_headers_reach_their_handler(string message, string expected)
    {
        var instrument = new TestInstrument();
        Assert.Null(instrument.Run(message));
        Assert.Equal([expected], instrument.Calls);
        Assert.Equal("0,\"No error\"\n", instrument.Run("SYST:ERR?"));
    }

    [Theory]
    [InlineData("VOLTA 0.5")]     // neither the short nor the long form
    [InlineData("SOURC1:VOLT 1")] // a partial long form is not a keyword
    [InlineData("LEVel 1")]       // an optional node alone is not a command
    [InlineData("WLIS:SIZE 3")]   // query-only header used as a command
    [InlineData("*FOO")]
    public void Unknown_headers_are_minus_113(string message)
    {
        var instrument = new TestInstrument();
        instrument.Run(message);
        Assert.StartsWith("-113,\"Undefined header", instrument.Run("SYST:ERR?"));
        Assert.Empty(instrument.Calls);
    }

    [Fact]
    public void Semicolons_chain_commands_relative_to_the_last_path_and_colon_returns_to_root()
    {
        var instrument = new TestInstrument();
        var answer = instrument.Run("WLIS:WAV:NEW \"a\",1;NEW \"b\",2;:SOUR2:VOLT 0.1;:OUTP3 1;*RST;WLIS:SIZE?;SOUR3:VOLT?");
        Assert.Equal(["NEW a 1", "NEW b 2", "VOLT 2 0.1", "OUTP 3 True", "RST"], instrument.Calls);
        Assert.Equal("0;VOLT3?\n", answer);
    }

    [Fact]
    public void A_remembered_header_shape_takes_each_headers_own_suffixes_case_and_relative_path()
    {
        var instrument = new TestInstrument();
        // The same shapes again and again (as a sequence table sends them): every suffix value
        // and spelling must still reach the handler, and relative headers continue the last path.
        for (int round = 0; round < 2; round++)
        {
            instrument.Calls.Clear();
            instrument.Run("SOUR2:VOLT 1;:sour5:volt 2;:SOURCE7:VOLTAGE:LEVEL 3;:VOLT 4;:SOUR3:VOLT:LEV 5;AMPL 6;:OUTP12 1;OUTP2 0");
            Assert.Equal(["VOLT 2 1", "VOLT 5 2", "VOLT 7 3", "VOLT 1 4", "VOLT 3 5", "VOLT 3 6", "OUTP 2 False"], instrument.Calls);
            Assert.StartsWith("-114,", instrument.Run("SYST:ERR?"));
            Assert.Equal("0,\"No error\"\n", instrument.Run("SYST:ERR?"));
        }
    }

    [Theory]
    [InlineData("OUTP99999999999 ON")]                        // a suffix beyond int does not tokenize
    [InlineData("OUTP2X ON")]                                 // letters after the suffix
    [InlineData(":OUTP2: ON")]                                // an empty keyword
    [InlineData("A:B:C:D:E:F:G:H:I:J:K:L:M:N:O:P:Q:R:S 1")] // more keywords than resolved in place
    public void Headers_that_do_not_tokenize_stay_minus_113_every_time(string message)
    {
        var instrument = new TestInstrument();
        for (int round = 0; round < 2; round++)
        {
            instrument.Run(message);
            Assert.StartsWith("-113,\"Undefined header", instrument.Run("SYST:ERR?"));
        }

        Assert.Empty(instrument.Calls);
    }

    [Fact]
    public void Quoted_strings_keep_every_byte_with_or_without_doubled_quotes()
    {
        var instrument = new TestInstrument();
        byte[] message = [.. "WLIS:WAV:NEW \"caf"u8, 0xE9, .. "\",1;NEW 'it''s',2;NEW \"\",3"u8];
        instrument.Execute(message);
        Assert.Equal(["NEW caf\u00e9 1", "NEW it's 2", "NEW  3"], instrument.Calls);
    }

    [Fact]
    public void Query_answers_of_one_message_are_joined_by_semicolons()
    {
        var instrument = new TestInstrument();
        Assert.Equal("TEST,SCPI,1,1.0;0;VOLT1?;1\n", instrument.Run("*IDN?;WLIS:SIZE?;:VOLT?;*OPC?"));
    }

    [Fact]
    public void Errors_carry_their_standard_codes()
    {
        var instrument = new TestInstrument();
        instrument.Run("VOLT");
        instrument.Run("VOLT abc");
        instrument.Run("OUTP9 ON");
        instrument.Run("WLIS:WAV:NEW \"a\" 3");
        instrument.Run("WLIS:WAV:NEW \"a");
        instrument.Run("VOLT 1,,2");
        instrument.Run("OUTP1 MAYBE");
        var all = instrument.Run("SYST:ERR:ALL?")!;
        Assert.Equal(
            ["-109", "-120", "-114", "-102", "-151", "-102", "-104"],
            System.Text.RegularExpressions.Regex.Matches(all, "-\\d{3}").Select(m => m.Value));
        Assert.Equal("0,\"No error\"\n", instrument.Run("SYSTem:ERRor:NEXT?"));
    }

    [Fact]
    public void A_syntax_error_discards_the_rest_of_the_message_but_keeps_what_ran_before()
    {
        var instrument = new TestInstrument();
        instrument.Run("OUTP1 ON;OUTP2 \"x;OUTP3 ON");
        Assert.Equal(["OUTP 1 True"], instrument.Calls);
    }

    [Fact]
    public void Error_queue_overflow_replaces_the_newest_entry_with_minus_350()
    {
        var instrument = new TestInstrument();
        for (int i = 0; i < 20; i++)
        {
            instrument.Run("NOPE");
        }

        Assert.Equal("16\n", instrument.Run("SYST:ERR:COUN?"));
        for (int i = 0; i < 15; i++)
        {
            Assert.StartsWith("-113", instrument.Run("SYST:ERR?"));
        }

        Assert.Equal("-350,\"Queue overflow\"\n", instrument.Run("SYST:ERR?"));
    }

    [Fact]
    public void Status_registers_report_command_errors_and_cls_clears_them()
    {
        var instrument = new TestInstrument();
        Assert.Equal("0\n", instrument.Run("*STB?"));
        instrument.Run("*ESE 32");
        instrument.Run("NOPE");
        Assert.Equal("36\n", instrument.Run("*STB?")); // error queue not empty (4) + ESB (32)
        Assert.Equal("32\n", instrument.Run("*ESR?"));
        Assert.Equal("0\n", instrument.Run("*ESR?"));
        instrument.Run("*OPC");
        instrument.Run("*CLS");
        Assert.Equal("0\n", instrument.Run("*ESR?"));
        Assert.Equal("0,\"No error\"\n", instrument.Run("SYST:ERR?"));
        Assert.Equal("32\n", instrument.Run("*ESE?"));
    }

    [Fact]
    public void Binary_blocks_are_parameters_whose_payload_may_hold_any_byte()
    {
        var instrument = new TestInstrument();
        instrument.Run("WLIS:WAV:DATA \"w\",0,#16a;b\n\",;OUTP1 1");
        Assert.Equal(["DATA w [a;b\n\",]", "OUTP 1 True"], instrument.Calls);
        Assert.Equal("#13a\nb\n", instrument.Run("FETC:BLOC?"));
    }

    [Fact]
    public void A_block_shorter_than_announced_is_minus_161()
    {
        var instrument = new TestInstrument();
        instrument.Run("WLIS:WAV:DATA \"w\",#15ab");
        Assert.StartsWith("-161", instrument.Run("SYST:ERR?"));
    }
}
