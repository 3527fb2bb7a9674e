using System.IO.Ports;
using QDeviceLab.Visa.Serial;

namespace QDeviceLab.Visa.Tests.Serial;

/// <summary>
/// 7O1 framing (Lake Shore 372) where a pseudo-terminal cannot show it: what the port is configured
/// with, and the bits of a character on the wire. Not covered: a real UART applying that
/// configuration (pseudo-terminals ignore character size and parity).
/// </summary>
public sealed class SerialFramingTests
{
    [Fact]
    public void Lake_Shore_settings_configure_the_port_for_9600_baud_7_data_bits_odd_parity_1_stop_bit()
    {
        using var port = new SerialPort("/dev/null-never-opened");

        SerialPortConfiguration.Apply(port, SerialSettings.LakeShore372);

        Assert.Equal(9600, port.BaudRate);
        Assert.Equal(7, port.DataBits);
        Assert.Equal(Parity.Odd, port.Parity);
        Assert.Equal(StopBits.One, port.StopBits);
        Assert.Equal(Handshake.None, port.Handshake);
        Assert.Equal("9600 7O1", SerialSettings.LakeShore372.ToString());
    }

    [Theory]
    [InlineData(SerialFlowControl.XonXoff, Handshake.XOnXOff)]
    [InlineData(SerialFlowControl.RtsCts, Handshake.RequestToSend)]
    public void Flow_control_maps_to_the_ports_handshake(SerialFlowControl flow, Handshake expected)
    {
        using var port = new SerialPort("/dev/null-never-opened");

        SerialPortConfiguration.Apply(port, new SerialSettings { FlowControl = flow, StopBits = SerialStopBits.Two, Parity = SerialParity.Even });

        Assert.Equal(expected, port.Handshake);
        Assert.Equal(StopBits.Two, port.StopBits);
        Assert.Equal(Parity.Even, port.Parity);
    }

    [Fact]
    public void A_7O1_frame_is_start_bit_seven_data_bits_lsb_first_odd_parity_bit_and_stop_bit()
    {
        // 'A' = 0x41 = 1000001b: two ones, so odd parity adds a one.
        bool[] frame = SerialCharacterFrame.Encode((byte)'A', SerialSettings.LakeShore372);

        Assert.Equal([false, true, false, false, false, false, false, true, true, true], frame);
        Assert.Equal((byte)'A', SerialCharacterFrame.Decode(frame, SerialSettings.LakeShore372));
    }

    [Fact]
    public void Every_ascii_character_round_trips_through_a_7O1_frame_with_an_odd_count_of_ones()
    {
        for (int c = 0; c < 128; c++)
        {
            bool[] frame = SerialCharacterFrame.Encode((byte)c, SerialSettings.LakeShore372);

            Assert.Equal(10, frame.Length);
            Assert.Equal(1, frame[1..9].Count(b => b) % 2);
            Assert.Equal((byte)c, SerialCharacterFrame.Decode(frame, SerialSettings.LakeShore372));
        }
    }

    [Fact]
    public void A_flipped_bit_is_a_parity_error()
    {
        bool[] frame = SerialCharacterFrame.Encode((byte)'K', SerialSettings.LakeShore372);
        frame[3] = !frame[3];

        var e = Assert.Throws<FormatException>(() => SerialCharacterFrame.Decode(frame, SerialSettings.LakeShore372));

        Assert.StartsWith("parity error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_stop_bit_is_a_framing_error()
    {
        bool[] frame = SerialCharacterFrame.Encode((byte)'K', SerialSettings.LakeShore372);
        frame[^1] = false;

        var e = Assert.Throws<FormatException>(() => SerialCharacterFrame.Decode(frame, SerialSettings.LakeShore372));

        Assert.Contains("stop bit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_7O1_frame_is_the_8N1_frame_of_the_byte_with_the_parity_bit_in_bit_7()
    {
        var eightN1 = SerialSettings.Default;
        for (int c = 0; c < 128; c++)
        {
            byte wire = SerialCharacterFrame.ToEightBitByte((byte)c, SerialParity.Odd);

            Assert.Equal(SerialCharacterFrame.Encode((byte)c, SerialSettings.LakeShore372), SerialCharacterFrame.Encode(wire, eightN1));
            Assert.True(SerialCharacterFrame.TryFromEightBitByte(wire, SerialParity.Odd, out byte back));
            Assert.Equal((byte)c, back);
            Assert.False(SerialCharacterFrame.TryFromEightBitByte((byte)(wire ^ 0x80), SerialParity.Odd, out _));
        }
    }

    [Fact]
    public void A_character_wider_than_the_data_bits_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SerialCharacterFrame.Encode(0xC1, SerialSettings.LakeShore372));
    }

    [Theory]
    [InlineData(0, 8, "baud rate 0")]
    [InlineData(9600, 9, "9 data bits")]
    public void Impossible_settings_say_what_is_wrong(int baud, int dataBits, string expected)
    {
        var settings = new SerialSettings { BaudRate = baud, DataBits = dataBits };

        Assert.StartsWith(expected, settings.Problem(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SerialPortConfiguration.Apply(new SerialPort("/dev/null-never-opened"), settings));
    }
}
