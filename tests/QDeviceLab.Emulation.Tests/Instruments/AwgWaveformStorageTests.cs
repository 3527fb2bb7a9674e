using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>
/// The AWG twin stores a waveform once: lazily, and for a whole-waveform write straight into
/// fresh memory checked chunk by chunk. These pin that a new waveform still reads as zeros and
/// that a bad sample anywhere (even in the last chunk) leaves the waveform as it was.
/// </summary>
public sealed class AwgWaveformStorageTests
{
    private static byte[] Bytes(float[] samples) => Waveforms.DataCommand("x", samples)[^(4 * samples.Length + 1)..^1];

    [Fact]
    public void A_new_waveform_reads_as_zeros()
    {
        var memory = new AwgWaveformMemory(5);
        Assert.Equal(new float[5], memory.Samples);
    }

    [Fact]
    public void A_whole_write_is_stored_and_a_partial_write_lands_at_its_offset()
    {
        var samples = Enumerable.Range(0, 40_000).Select(i => MathF.Sin(i * 1e-3f)).ToArray();
        var memory = new AwgWaveformMemory(samples.Length);

        memory.Write(0, Bytes(samples));
        memory.Write(3, Bytes([0.75f, -0.75f]));

        samples[3] = 0.75f;
        samples[4] = -0.75f;
        Assert.Equal(samples, memory.Samples);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1.0001f)]
    [InlineData(-2f)]
    public void A_bad_sample_in_the_last_chunk_of_a_whole_write_leaves_the_waveform_untouched(float bad)
    {
        var samples = Enumerable.Repeat(0.5f, 40_000).ToArray();
        samples[^2] = bad;
        var memory = new AwgWaveformMemory(samples.Length);

        var e = Assert.Throws<ScpiErrorException>(() => memory.Write(0, Bytes(samples)));

        Assert.Equal(-222, e.Error.Code);
        Assert.Contains($"sample {samples.Length - 2} is", e.Error.Message);
        Assert.All(memory.Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void A_bad_sample_in_a_rewrite_keeps_the_previous_samples()
    {
        var memory = new AwgWaveformMemory(3);
        memory.Write(0, Bytes([0.1f, 0.2f, 0.3f]));

        Assert.Throws<ScpiErrorException>(() => memory.Write(0, Bytes([0.9f, 0.9f, float.PositiveInfinity])));

        Assert.Equal([0.1f, 0.2f, 0.3f], memory.Samples);
    }

    [Fact]
    public void The_range_check_accepts_the_limits_and_finds_the_first_bad_sample_at_any_position()
    {
        var samples = Enumerable.Repeat(-1f, 101).Concat(Enumerable.Repeat(1f, 100)).ToArray();
        Assert.Equal(-1, AwgWaveformMemory.FirstOutOfRange(samples));
        for (int at = 0; at < samples.Length; at += 17)
        {
            var copy = (float[])samples.Clone();
            copy[at] = float.NaN;
            copy[^1] = 3f;
            Assert.Equal(at, AwgWaveformMemory.FirstOutOfRange(copy));
        }
    }

    [Fact]
    public async Task A_multi_megabyte_upload_over_the_socket_reads_back_intact()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        var samples = Enumerable.Range(0, 1_000_003).Select(i => MathF.Cos(i * 1e-2f) * 0.9f).ToArray();
        awg.WriteLine($"WLIS:WAV:NEW \"big\",{samples.Length}");
        awg.Write(Waveforms.DataCommand("big", samples));

        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
        awg.WriteLine("WLIS:WAV:DATA? \"big\"");
        Assert.Equal(samples, Waveforms.Floats(awg.ReadBlock(), bigEndian: false));
        Assert.Equal("1", awg.Query("*OPC?"));
    }
}
