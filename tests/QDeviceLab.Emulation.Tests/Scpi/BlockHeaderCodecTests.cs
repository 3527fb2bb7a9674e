using System.Text;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Tests.Scpi;

/// <summary>The server's non-throwing view of the shared IEEE 488.2 header codec.</summary>
public class BlockHeaderCodecTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("#", false)]
    [InlineData("#3", false)]
    [InlineData("#31", false)]
    [InlineData("#312", false)]
    [InlineData("x", true)]
    [InlineData("#a", true)]
    [InlineData("#3a", true)]
    [InlineData("#31x", true)]
    [InlineData("#21x45", true)]
    public void Malformed_headers_are_told_from_incomplete_ones(string text, bool malformed)
    {
        var bytes = Encoding.ASCII.GetBytes(text);

        Assert.Equal(malformed, BlockHeaderCodec.IsMalformed(bytes));
        Assert.False(BlockHeaderCodec.TryParseHeader(bytes, out int headerLength, out long payloadLength, out bool indefinite));
        Assert.Equal((0, 0L, false), (headerLength, payloadLength, indefinite));
    }

    [Fact]
    public void An_indefinite_header_announces_no_length()
    {
        Assert.True(BlockHeaderCodec.TryParseHeader("#0abc"u8, out int headerLength, out long payloadLength, out bool indefinite));
        Assert.Equal((2, 0L, true), (headerLength, payloadLength, indefinite));
        Assert.False(BlockHeaderCodec.IsMalformed("#0abc"u8));
    }

    [Fact]
    public void A_nine_digit_header_parses_to_its_full_length()
    {
        Assert.True(BlockHeaderCodec.TryParseHeader("#9999999999"u8, out int headerLength, out long payloadLength, out _));
        Assert.Equal((11, 999_999_999L), (headerLength, payloadLength));
    }
}
