using System.Text;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Tests.Scpi;

public sealed class ProgramMessageFramerTests
{
    [Fact]
    public void Newlines_inside_blocks_and_strings_do_not_end_the_message()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 100, maxTextBytes: 100);
        var messages = new List<byte[]>();
        var input = "A \"x\ny\",#211\n\n\n\n\n\n\n\n\n\n\n;B\r\nC #H1F\n"u8.ToArray();
        // Fed one byte at a time: framing must not depend on how TCP splits the stream.
        foreach (byte b in input)
        {
            Assert.Null(framer.Push([b], messages));
        }

        Assert.Equal(["A \"x\ny\",#211\n\n\n\n\n\n\n\n\n\n\n;B", "C #H1F"], messages.Select(m => Encoding.ASCII.GetString(m)));
    }

    [Fact]
    public void A_block_header_announcing_more_than_the_limit_is_refused_before_its_payload()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1000, maxTextBytes: 100);
        var messages = new List<byte[]>();
        var error = framer.Push("DATA \"w\",#9999999999"u8, messages);
        Assert.Equal(-223, error?.Code);
        Assert.Empty(messages);
    }

    [Fact]
    public void Overlong_text_is_refused()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1000, maxTextBytes: 10);
        Assert.Equal(-223, framer.Push("ABCDEFGHIJKLMNOP"u8, new List<byte[]>()).GetValueOrDefault().Code);
    }

    [Fact]
    public void A_malformed_block_header_is_refused()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1000, maxTextBytes: 100);
        Assert.Equal(-161, framer.Push("D #3a"u8, new List<byte[]>()).GetValueOrDefault().Code);
    }

    [Fact]
    public void An_indefinite_block_runs_to_the_newline()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1000, maxTextBytes: 100);
        var messages = new List<byte[]>();
        Assert.Null(framer.Push("D #0ab;c\n"u8, messages));
        Assert.Equal("D #0ab;c", Encoding.ASCII.GetString(Assert.Single(messages)));
    }

    [Theory]
    [InlineData("#14abcd", true, 3, 4L, false)]
    [InlineData("#21", false, 0, 0L, false)]
    [InlineData("#0xyz", true, 2, 0L, true)]
    [InlineData("#a", false, 0, 0L, false)]
    public void Block_headers_parse(string text, bool ok, int headerLength, long payloadLength, bool indefinite)
    {
        Assert.Equal(ok, BlockHeaderCodec.TryParseHeader(Encoding.ASCII.GetBytes(text), out int h, out long p, out bool i));
        if (ok)
        {
            Assert.Equal((headerLength, payloadLength, indefinite), (h, p, i));
        }
    }

    [Fact]
    public void A_large_block_payload_can_be_received_straight_into_the_message()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1 << 20, maxTextBytes: 100);
        var messages = new List<byte[]>();
        Assert.True(framer.PayloadDestination(1).IsEmpty);
        Assert.Null(framer.Push("D #41000"u8, messages));

        Assert.True(framer.PayloadDestination(1001).IsEmpty);
        var destination = framer.PayloadDestination(1000);
        Assert.Equal(1000, destination.Length);
        destination[..600].Fill((byte)'\n');
        framer.PayloadReceived(600);
        Assert.Equal(400, framer.PayloadDestination(1).Length);
        framer.PayloadDestination(1).Fill((byte)'a');
        framer.PayloadReceived(400);
        Assert.True(framer.PayloadDestination(1).IsEmpty);
        Assert.Null(framer.Push("\n"u8, messages));

        var message = Assert.Single(messages);
        Assert.Equal("D #41000" + new string('\n', 600) + new string('a', 400), Encoding.ASCII.GetString(message));
    }

    [Fact]
    public void Reporting_more_payload_than_the_block_holds_is_refused()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 100, maxTextBytes: 100);
        Assert.Null(framer.Push("D #210"u8, new List<byte[]>()));
        Assert.Throws<InvalidOperationException>(() => framer.PayloadReceived(11));
    }

    [Fact]
    public void A_recycled_large_message_receives_the_next_block_of_the_same_size_and_is_overwritten_entirely()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1 << 22, maxTextBytes: 100);
        var messages = new List<byte[]>();
        var payload = new byte[1 << 21];
        payload.AsSpan().Fill((byte)'a');
        Assert.Null(framer.Push([.. "D #72097152"u8, .. payload, (byte)'\n'], messages));
        var first = Assert.Single(messages);
        framer.Recycle(first);
        messages.Clear();

        payload.AsSpan().Fill((byte)'b');
        Assert.Null(framer.Push([.. "E #72097152"u8, .. payload, (byte)'\n'], messages));

        var second = Assert.Single(messages);
        Assert.Same(first, second);
        Assert.Equal((byte)'E', second[0]);
        Assert.All(second.Skip(11), b => Assert.Equal((byte)'b', b));
    }

    [Fact]
    public void A_recycled_message_of_another_size_is_not_used()
    {
        var framer = new ProgramMessageFramer(maxBlockBytes: 1 << 22, maxTextBytes: 100);
        var messages = new List<byte[]>();
        Assert.Null(framer.Push([.. "D #72097152"u8, .. new byte[1 << 21], (byte)'\n'], messages));
        framer.Recycle(messages[0]);

        Assert.Null(framer.Push([.. "D #72097153"u8, .. new byte[(1 << 21) + 1], (byte)'\n'], messages));

        Assert.Equal(2, messages.Count);
        Assert.NotSame(messages[0], messages[1]);
        Assert.Equal(2097164, messages[1].Length);
    }
}
