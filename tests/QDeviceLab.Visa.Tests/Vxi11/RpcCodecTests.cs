using System.Buffers.Binary;
using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Visa.Tests.Vxi11;

public sealed class RpcCodecTests
{
    [Fact]
    public void Xdr_round_trips_words_and_pads_opaque_data_to_four_bytes()
    {
        var writer = new XdrWriter().UInt32(0xDEADBEEF).Int32(-2).Bool(true).String("inst0").Opaque([1, 2, 3, 4]);

        Assert.Equal(4 + 4 + 4 + (4 + 8) + (4 + 4), writer.Length);
        var reader = new XdrReader(writer.Written.Span);
        Assert.Equal(0xDEADBEEF, reader.UInt32());
        Assert.Equal(-2, reader.Int32());
        Assert.True(reader.Bool());
        Assert.Equal("inst0", reader.String(16));
        Assert.Equal([1, 2, 3, 4], reader.Opaque(4).ToArray());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Opaque_announcing_more_than_the_record_holds_is_a_format_error()
    {
        byte[] record = new XdrWriter().UInt32(1000).UInt32(0).Written.ToArray();

        var e = Assert.Throws<RpcFormatException>(() => new XdrReader(record).Opaque(4096));

        Assert.Contains("only 4 remain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opaque_above_the_callers_bound_is_a_format_error()
    {
        byte[] record = new XdrWriter().Opaque(new byte[64]).Written.ToArray();

        Assert.Throws<RpcFormatException>(() => new XdrReader(record).Opaque(16));
    }

    [Fact]
    public void Truncated_word_is_a_format_error()
    {
        Assert.Throws<RpcFormatException>(() => new XdrReader([0, 0, 1]).UInt32());
    }

    [Fact]
    public async Task Fragments_are_joined_into_one_record()
    {
        var stream = new MemoryStream();
        WriteFragment(stream, [1, 2, 3], last: false);
        WriteFragment(stream, [4, 5], last: true);
        stream.Position = 0;

        byte[]? record = await RpcRecordMarking.ReadRecordAsync(stream, 16, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], record);
        Assert.Null(await RpcRecordMarking.ReadRecordAsync(stream, 16, CancellationToken.None));
    }

    [Fact]
    public async Task Fragment_header_above_the_limit_is_refused()
    {
        var stream = new MemoryStream();
        WriteFragment(stream, [], last: true, announced: 0x7FFF_FFFF);
        stream.Position = 0;

        var e = await Assert.ThrowsAsync<RpcFormatException>(async () => await RpcRecordMarking.ReadRecordAsync(stream, 1 << 20, CancellationToken.None));

        Assert.Contains("2147483647", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fragments_adding_up_beyond_the_limit_are_refused()
    {
        var stream = new MemoryStream();
        WriteFragment(stream, new byte[10], last: false);
        WriteFragment(stream, new byte[10], last: true);
        stream.Position = 0;

        await Assert.ThrowsAsync<RpcFormatException>(async () => await RpcRecordMarking.ReadRecordAsync(stream, 16, CancellationToken.None));
    }

    [Fact]
    public async Task Connection_closing_inside_a_record_is_end_of_stream()
    {
        var stream = new MemoryStream();
        WriteFragment(stream, [1, 2], last: true, announced: 8);
        stream.Position = 0;

        await Assert.ThrowsAsync<EndOfStreamException>(async () => await RpcRecordMarking.ReadRecordAsync(stream, 16, CancellationToken.None));
    }

    [Fact]
    public void Reply_header_for_another_call_is_a_format_error()
    {
        var writer = new XdrWriter();
        OncRpc.WriteAcceptedReply(writer, xid: 7, RpcAcceptStatus.Success);

        var e = Assert.Throws<RpcFormatException>(() =>
        {
            var reader = new XdrReader(writer.Written.Span);
            OncRpc.ReadReplyHeader(ref reader, expectedXid: 8);
        });

        Assert.Contains("0x00000007", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_header_round_trips_and_skips_credentials()
    {
        var writer = new XdrWriter();
        OncRpc.WriteCall(writer, xid: 42, Vxi11Protocol.CoreProgram, Vxi11Protocol.ProgramVersion, Vxi11Protocol.DeviceWrite);
        writer.Int32(5);

        var reader = new XdrReader(writer.Written.Span);
        var header = OncRpc.ReadCallHeader(ref reader);

        Assert.Equal(new RpcCallHeader(42, 2, Vxi11Protocol.CoreProgram, 1, Vxi11Protocol.DeviceWrite), header);
        Assert.Equal(5, reader.Int32());
    }

    private static void WriteFragment(Stream stream, byte[] payload, bool last, uint? announced = null)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (last ? RpcRecordMarking.LastFragmentBit : 0) | (announced ?? (uint)payload.Length));
        stream.Write(header);
        stream.Write(payload);
    }
}
