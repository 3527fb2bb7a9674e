using System.Buffers.Binary;
using System.Text;

namespace QDeviceLab.Visa.Tests;

public class Ieee4882BlockTests
{
    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("#3")]
    [InlineData("#31")]
    [InlineData("#312")]
    [InlineData("#9")]
    public void Incomplete_header_asks_for_more_bytes(string data)
    {
        Assert.False(Ieee4882Block.TryParseHeader(Encoding.ASCII.GetBytes(data), out _, out _, out _));
    }

    [Theory]
    [InlineData("#10", 3, 0)]
    [InlineData("#14abcd", 3, 4)]
    [InlineData("#3123", 5, 123)]
    [InlineData("#3123xyz", 5, 123)]
    [InlineData("#210", 4, 10)]
    [InlineData("#9999999999", 11, 999_999_999)]
    public void Definite_header_gives_its_length_and_the_payload_length(string data, int headerLength, long payloadLength)
    {
        Assert.True(Ieee4882Block.TryParseHeader(Encoding.ASCII.GetBytes(data), out int h, out long p, out bool indefinite));

        Assert.Equal(headerLength, h);
        Assert.Equal(payloadLength, p);
        Assert.False(indefinite);
    }

    [Fact]
    public void Digit_count_zero_is_an_indefinite_block()
    {
        Assert.True(Ieee4882Block.TryParseHeader("#0\x01\x02"u8, out int h, out long p, out bool indefinite));

        Assert.True(indefinite);
        Assert.Equal(2, h);
        Assert.Equal(-1, p);
    }

    [Theory]
    [InlineData("1.5", "expected an IEEE 488.2 block starting with '#', got '1'")]
    [InlineData("\n", "got byte 0x0A")]
    [InlineData("#A12", "expected a digit 0-9 (number of length digits) after '#', got 'A'")]
    [InlineData("#3 12", "length digit 1 is ' '")]
    [InlineData("#31x", "length digit 2 is 'x'")]
    [InlineData("#41-", "length digit 2 is '-'")]
    public void Malformed_header_is_a_block_format_error(string data, string expected)
    {
        var e = Assert.Throws<BlockFormatException>(() => Ieee4882Block.TryParseHeader(Encoding.ASCII.GetBytes(data), out _, out _, out _));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Header_announcing_more_than_the_maximum_is_refused()
    {
        var e = Assert.Throws<BlockFormatException>(() =>
            Ieee4882Block.TryParseHeader("#9999999999"u8, out _, out _, out _, maxPayloadLength: 1 << 20));

        Assert.Contains("999999999", e.Message);
        Assert.Contains("1048576", e.Message);
    }

    [Theory]
    [InlineData(0L, "#10")]
    [InlineData(9L, "#19")]
    [InlineData(10L, "#210")]
    [InlineData(65536L, "#565536")]
    [InlineData(999_999_999L, "#9999999999")]
    public void Header_is_formatted_with_the_fewest_digits(long payloadLength, string expected)
    {
        Span<byte> destination = stackalloc byte[Ieee4882Block.MaxHeaderLength];

        int written = Ieee4882Block.FormatHeader(payloadLength, destination);

        Assert.Equal(expected, Encoding.ASCII.GetString(destination[..written]));
        Assert.Equal(written, Ieee4882Block.HeaderLength(payloadLength));
        Assert.True(Ieee4882Block.TryParseHeader(destination[..written], out int h, out long p, out _));
        Assert.Equal(written, h);
        Assert.Equal(payloadLength, p);
    }

    [Fact]
    public void Formatting_a_length_beyond_nine_digits_or_into_a_short_span_fails()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ieee4882Block.FormatHeader(1_000_000_000, new byte[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ieee4882Block.FormatHeader(-1, new byte[16]));
        Assert.Throws<ArgumentException>(() => Ieee4882Block.FormatHeader(12345, new byte[4]));
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public void Float32_samples_round_trip_in_either_byte_order(ByteOrder order)
    {
        float[] samples = [0f, 1.5f, -2.25f, float.MaxValue, float.Epsilon, float.NegativeInfinity];
        byte[] bytes = new byte[samples.Length * 4];

        Ieee4882Block.EncodeSamples<float>(samples, bytes, order);

        for (int i = 0; i < samples.Length; i++)
        {
            var slot = bytes.AsSpan(i * 4, 4);
            float expected = order == ByteOrder.LittleEndian ? BinaryPrimitives.ReadSingleLittleEndian(slot) : BinaryPrimitives.ReadSingleBigEndian(slot);
            Assert.Equal(expected, samples[i]);
        }

        var decoded = new float[samples.Length];
        Ieee4882Block.DecodeSamples<float>(bytes, decoded, order);
        Assert.Equal(samples, decoded);
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian, new byte[] { 0x01, 0x00, 0xFE, 0xFF, 0x2C, 0x01, 0x00, 0x80 })]
    [InlineData(ByteOrder.BigEndian, new byte[] { 0x00, 0x01, 0xFF, 0xFE, 0x01, 0x2C, 0x80, 0x00 })]
    public void Int16_samples_have_the_documented_byte_layout(ByteOrder order, byte[] wire)
    {
        short[] samples = [1, -2, 300, short.MinValue];
        byte[] bytes = new byte[8];

        Ieee4882Block.EncodeSamples<short>(samples, bytes, order);
        var decoded = new short[4];
        Ieee4882Block.DecodeSamples<short>(wire, decoded, order);

        Assert.Equal(wire, bytes);
        Assert.Equal(samples, decoded);
    }

    [Fact]
    public void Double_and_byte_samples_round_trip_big_endian()
    {
        double[] doubles = [Math.PI, -1e300];
        byte[] doubleBytes = new byte[16];
        Ieee4882Block.EncodeSamples<double>(doubles, doubleBytes, ByteOrder.BigEndian);
        Assert.Equal(Math.PI, BinaryPrimitives.ReadDoubleBigEndian(doubleBytes));

        byte[] raw = [1, 2, 3];
        byte[] copy = new byte[3];
        Ieee4882Block.EncodeSamples<byte>(raw, copy, ByteOrder.BigEndian);
        Assert.Equal(raw, copy);
    }

    [Fact]
    public void Sizes_that_do_not_match_and_types_without_an_encoding_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Ieee4882Block.DecodeSamples<float>(new byte[7], new float[2], ByteOrder.LittleEndian));
        Assert.Throws<ArgumentException>(() => Ieee4882Block.EncodeSamples<short>(new short[2], new byte[3], ByteOrder.LittleEndian));
        Assert.Throws<NotSupportedException>(() => Ieee4882Block.SampleSize<decimal>());
    }
}
