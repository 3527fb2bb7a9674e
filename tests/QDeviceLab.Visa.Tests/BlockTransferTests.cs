using System.Buffers.Binary;
using System.Text;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.Tests;

public class BlockTransferTests
{
    private const long OneMiB = 1 << 20;

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task Definite_float32_block_larger_than_a_chunk_is_read_in_either_byte_order(ByteOrder order)
    {
        var random = new Random(42);
        float[] samples = Enumerable.Range(0, 200_000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        byte[] payload = Float32Bytes(samples, order);
        await using var server = BlockServer(Definite(payload));
        await using var session = await server.OpenAsync();

        float[] read = await session.QueryBlockAsync<float>("CURV?", order, maxBytes: 4 * OneMiB);

        Assert.Equal(samples, read);
        Assert.Equal("in step", await session.QueryAsync("*IDN?"));
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task Definite_int16_block_is_read_in_either_byte_order(ByteOrder order)
    {
        short[] samples = [0, 1, -1, 300, short.MaxValue, short.MinValue, 10, 2560];
        await using var server = BlockServer(Definite(Int16Bytes(samples, order)));
        await using var session = await server.OpenAsync();

        short[] read = await session.QueryBlockAsync<short>("DATA?", order, maxBytes: OneMiB);

        Assert.Equal(samples, read);
        Assert.Equal("in step", await session.QueryAsync("*IDN?"));
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task Indefinite_float32_block_is_read_up_to_the_terminator(ByteOrder order)
    {
        float[] samples = [1.5f, -2.25f, 1e6f, 0.125f, -3f];
        byte[] payload = Float32Bytes(samples, order);
        Assert.DoesNotContain((byte)'\n', payload);
        await using var server = BlockServer(Indefinite(payload));
        await using var session = await server.OpenAsync();

        float[] read = await session.QueryBlockAsync<float>("CURV?", order, maxBytes: OneMiB);

        Assert.Equal(samples, read);
        Assert.Equal("in step", await session.QueryAsync("*IDN?"));
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task Indefinite_int16_block_is_read_up_to_the_terminator(ByteOrder order)
    {
        short[] samples = [1, -2, 300, short.MaxValue, short.MinValue];
        byte[] payload = Int16Bytes(samples, order);
        Assert.DoesNotContain((byte)'\n', payload);
        await using var server = BlockServer(Indefinite(payload));
        await using var session = await server.OpenAsync();

        Assert.Equal(samples, await session.QueryBlockAsync<short>("DATA?", order, maxBytes: OneMiB));
    }

    [Fact]
    public async Task Double_int_and_byte_blocks_are_read()
    {
        byte[] doubles = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(doubles, Math.PI);
        BinaryPrimitives.WriteDoubleBigEndian(doubles.AsSpan(8), -0.5);
        byte[] ints = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(ints, -123456);
        BinaryPrimitives.WriteInt32LittleEndian(ints.AsSpan(4), int.MaxValue);
        await using var server = new LoopbackInstrument(async (c, stop) =>
        {
            while (await c.ReadLineAsync(stop) is string line)
            {
                await c.WriteAsync(line switch { "D?" => Definite(doubles), "I?" => Definite(ints), _ => Definite([1, 2, 255]) }, stop);
            }
        });
        await using var session = await server.OpenAsync();

        Assert.Equal(new[] { Math.PI, -0.5 }, await session.QueryBlockAsync<double>("D?", ByteOrder.BigEndian, OneMiB));
        Assert.Equal(new[] { -123456, int.MaxValue }, await session.QueryBlockAsync<int>("I?", ByteOrder.LittleEndian, OneMiB));
        Assert.Equal(new byte[] { 1, 2, 255 }, await session.QueryBlockAsync<byte>("B?", ByteOrder.LittleEndian, OneMiB));
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task Float32_block_write_streams_prefix_header_samples_and_newline(ByteOrder order)
    {
        var random = new Random(1);
        float[] samples = Enumerable.Range(0, 300_000).Select(_ => (float)random.NextDouble()).ToArray();
        var received = new TaskCompletionSource<(string Prefix, byte[] Payload)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackInstrument(async (c, stop) => received.TrySetResult(await c.ReadBlockMessageAsync(stop)));
        await using var session = await server.OpenAsync();

        await session.WriteBlockAsync<float>("WLIST:WAV:DATA \"ramsey\",0,300000,", samples, order);

        var (prefix, payload) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("WLIST:WAV:DATA \"ramsey\",0,300000,", prefix);
        Assert.Equal(Float32Bytes(samples, order), payload);
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task A_large_slice_of_an_array_goes_out_as_exactly_its_samples(ByteOrder order)
    {
        float[] all = [.. Enumerable.Range(0, 700_000).Select(i => MathF.Sin(i * 1e-3f))];
        var slice = new ReadOnlyMemory<float>(all, 3, 600_000);
        var received = new TaskCompletionSource<(string, byte[])>();
        await using var server = new LoopbackInstrument(async (c, stop) => received.TrySetResult(await c.ReadBlockMessageAsync(stop)));
        await using var session = await server.OpenAsync();

        await session.WriteBlockAsync("W ", slice, order);

        var (prefix, payload) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("W ", prefix);
        Assert.Equal(Float32Bytes(slice.ToArray(), order), payload);
    }

    [Theory]
    [InlineData(ByteOrder.LittleEndian)]
    [InlineData(ByteOrder.BigEndian)]
    public async Task Int16_block_write_has_the_requested_byte_order(ByteOrder order)
    {
        short[] samples = [1, -2, 300, short.MinValue];
        var received = new TaskCompletionSource<(string Prefix, byte[] Payload)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackInstrument(async (c, stop) => received.TrySetResult(await c.ReadBlockMessageAsync(stop)));
        await using var session = await server.OpenAsync();

        await session.WriteBlockAsync<short>("DATA:DAC ", samples, order);

        var (prefix, payload) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("DATA:DAC ", prefix);
        Assert.Equal(Int16Bytes(samples, order), payload);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536 - 1 - 7)]
    [InlineData(65536 - 1 - 7 + 1)]
    [InlineData((1 << 20) - 1)]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 5)]
    public async Task Block_write_edge_sizes_arrive_intact(int count)
    {
        // 65528 bytes fill the 64 KiB chunk exactly after "P#565528", so the newline goes alone.
        byte[] samples = Enumerable.Range(0, count).Select(i => (byte)i).ToArray();
        var received = new TaskCompletionSource<(string Prefix, byte[] Payload)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackInstrument(async (c, stop) => received.TrySetResult(await c.ReadBlockMessageAsync(stop)));
        await using var session = await server.OpenAsync();

        await session.WriteBlockAsync<byte>("P", samples, ByteOrder.LittleEndian);

        var (prefix, payload) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("P", prefix);
        Assert.Equal(samples, payload);
    }

    [Fact]
    public async Task Header_announcing_a_gigabyte_is_refused_without_allocating_it()
    {
        await using var server = new LoopbackInstrument(async (c, stop) =>
        {
            await c.ReadLineAsync(stop);
            await c.WriteAsync("#9999999999", stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        await using var fresh = await server.OpenAsync();

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => fresh.QueryBlockAsync<float>("CURV?", ByteOrder.LittleEndian, maxBytes: OneMiB));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.IsType<BlockFormatException>(e.InnerException);
        Assert.Contains("999999999", e.Message);
        Assert.Equal("CURV?", e.Command);
        Assert.True(allocated < 64 * OneMiB, $"allocated {allocated} bytes");
        Assert.True(fresh.IsBroken);
    }

    [Fact]
    public async Task Indefinite_block_beyond_the_bound_is_an_error_and_breaks_the_session()
    {
        await using var server = BlockServer("#0" + new string('a', 2000) + "\n");
        await using var session = await server.OpenAsync();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryBlockAsync<byte>("DATA?", ByteOrder.LittleEndian, maxBytes: 1000));

        Assert.Contains("longer than the allowed 1000 bytes", e.Message);
        Assert.True(session.IsBroken);
    }

    [Fact]
    public async Task Text_where_a_block_was_expected_is_a_block_format_error()
    {
        await using var server = BlockServer("-113,\"Undefined header\"\n");
        await using var session = await server.OpenAsync();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryBlockAsync<float>("CURV?", ByteOrder.LittleEndian, OneMiB));

        Assert.IsType<BlockFormatException>(e.InnerException);
        Assert.Contains("starting with '#', got '-'", e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Block_that_is_not_a_whole_number_of_samples_is_rejected()
    {
        await using var server = BlockServer("#13abc\n");
        await using var session = await server.OpenAsync();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryBlockAsync<float>("CURV?", ByteOrder.LittleEndian, OneMiB));

        Assert.Contains("not a whole number of 4-byte samples", e.Message);
    }

    [Fact]
    public async Task Bytes_after_the_announced_block_are_an_error_but_the_stream_stays_in_step()
    {
        await using var server = BlockServer(Definite([1, 2, 3, 4])[..^1] + "XYZ\n");
        await using var session = await server.OpenAsync();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryBlockAsync<float>("CURV?", ByteOrder.LittleEndian, OneMiB));

        Assert.Contains("goes on after the announced 4-byte block", e.Message);
        Assert.False(session.IsBroken);
        Assert.Equal("in step", await session.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Definite_block_is_streamed_into_a_caller_stream()
    {
        byte[] payload = new byte[700_000];
        new Random(3).NextBytes(payload);
        await using var server = BlockServer(Definite(payload));
        await using var session = await server.OpenAsync();
        using var destination = new MemoryStream();

        long length = await session.QueryBlockAsync("TRAC:DATA?", destination, maxBytes: OneMiB);

        Assert.Equal(payload.Length, length);
        Assert.Equal(payload, destination.ToArray());
        Assert.Equal("in step", await session.QueryAsync("*IDN?"));
    }

    [Fact]
    public async Task Indefinite_block_is_streamed_into_a_caller_stream_without_its_terminator()
    {
        byte[] payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 200 == 10 ? 11 : i % 200)).ToArray();
        await using var server = BlockServer(Indefinite(payload));
        await using var session = await server.OpenAsync();
        using var destination = new MemoryStream();

        long length = await session.QueryBlockAsync("TRAC:DATA?", destination, maxBytes: OneMiB);

        Assert.Equal(payload.Length, length);
        Assert.Equal(payload, destination.ToArray());
    }

    [Fact]
    public async Task Streamed_block_beyond_the_bound_is_refused_before_writing()
    {
        await using var server = BlockServer("#9999999999");
        await using var session = await server.OpenAsync();
        using var destination = new MemoryStream();

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => session.QueryBlockAsync("TRAC:DATA?", destination, maxBytes: OneMiB));

        Assert.IsType<BlockFormatException>(e.InnerException);
        Assert.Equal(0, destination.Length);
        Assert.True(session.IsBroken);
    }

    private static LoopbackInstrument BlockServer(string answer) => LoopbackInstrument.Answering(line => line == "*IDN?" ? "in step\n" : answer);

    private static string Definite(byte[] payload) =>
        $"#{payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length}{payload.Length}" + Encoding.Latin1.GetString(payload) + "\n";

    private static string Indefinite(byte[] payload) => "#0" + Encoding.Latin1.GetString(payload) + "\n";

    private static byte[] Float32Bytes(float[] samples, ByteOrder order)
    {
        byte[] bytes = new byte[samples.Length * 4];
        for (int i = 0; i < samples.Length; i++)
        {
            if (order == ByteOrder.LittleEndian)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), samples[i]);
            }
            else
            {
                BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), samples[i]);
            }
        }

        return bytes;
    }

    private static byte[] Int16Bytes(short[] samples, ByteOrder order)
    {
        byte[] bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            if (order == ByteOrder.LittleEndian)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(i * 2), samples[i]);
            }
        }

        return bytes;
    }
}
