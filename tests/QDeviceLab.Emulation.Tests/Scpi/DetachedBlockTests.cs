using System.Runtime.InteropServices;
using System.Text;
using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Scpi;

/// <summary>
/// A large waveform block is received straight into the AWG's storage and adopted there (one
/// copy, held once), while the parser still sees the whole program message.
/// </summary>
public sealed class DetachedBlockTests
{
    private sealed class RecordingStore : ILargeBlockStore
    {
        public List<float[]> GivenBack { get; } = [];

        public float[]? StorageFor(ReadOnlySpan<byte> textBeforeBlock, long blockBytes) =>
            Awg5208Emulator.IsWaveformDataHeader(textBeforeBlock) ? new float[blockBytes / 4] : null;

        public void GiveBack(float[] storage) => GivenBack.Add(storage);

        public int SamplesChecked { get; private set; }

        public int FirstInvalid(ReadOnlySpan<float> samples)
        {
            SamplesChecked += samples.Length;
            return AwgWaveformMemory.FirstOutOfRange(samples);
        }
    }

    [Fact]
    public void Each_part_of_a_detached_block_is_checked_as_it_arrives_and_the_first_bad_sample_is_kept()
    {
        var store = new RecordingStore();
        var framer = new ProgramMessageFramer(maxBlockBytes: 8 << 20, maxTextBytes: 1000, store);
        var samples = Enumerable.Range(0, 1 << 18).Select(i => (i % 100) * 1e-3f).ToArray();
        samples[70_001] = float.NaN; // its bytes straddle the two parts below
        samples[200_000] = -1.5f;
        byte[] payload = MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
        var messages = new List<ReadOnlyMemory<byte>>();

        Assert.Null(framer.Push(Encoding.ASCII.GetBytes($"WLIS:WAV:DATA \"w\",0,{samples.Length},#7{payload.Length}"), messages));
        Assert.Null(framer.Push(payload.AsSpan(0, (4 * 70_001) + 2), messages));
        Assert.Equal(70_001, store.SamplesChecked); // the straddling sample waits for its last bytes
        var destination = framer.PayloadDestination(4096);
        payload.AsSpan((4 * 70_001) + 2, destination.Length).CopyTo(destination);
        framer.PayloadReceived(destination.Length);
        Assert.Null(framer.Push("\n"u8, messages));

        var block = new ProgramMessageParser(Assert.Single(messages)).Next()!.Parameters[3].AsBlock();
        Assert.True(DetachedBlockMessage.TryTakeSamples(block, out var taken, out int firstInvalid));
        Assert.Equal(samples.Length, taken.Length);
        Assert.Equal(70_001, firstInvalid);
        Assert.Equal(samples.Length, store.SamplesChecked); // every sample once: 70,001, then the rest in one part
    }

    [Fact]
    public void A_waveform_block_lands_in_the_stores_storage_and_the_message_still_parses()
    {
        var store = new RecordingStore();
        var framer = new ProgramMessageFramer(maxBlockBytes: 8 << 20, maxTextBytes: 1000, store);
        var samples = Enumerable.Range(0, 1 << 18).Select(i => i * 1e-6f).ToArray();
        byte[] payload = MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
        var messages = new List<ReadOnlyMemory<byte>>();

        Assert.Null(framer.Push(Encoding.ASCII.GetBytes($"WLIS:WAV:DATA \"w\",0,{samples.Length},#7{payload.Length}"), messages));
        Assert.Null(framer.Push(payload.AsSpan(0, 1000), messages));
        var destination = framer.PayloadDestination(4096);
        payload.AsSpan(1000, destination.Length).CopyTo(destination);
        framer.PayloadReceived(destination.Length);
        Assert.Null(framer.Push(";*OPC?\r\n"u8, messages));

        var message = Assert.Single(messages);
        var parser = new ProgramMessageParser(message);
        var data = parser.Next()!;
        Assert.Equal("WLIS:WAV:DATA", data.Header);
        Assert.Equal(4, data.Parameters.Count);
        Assert.True(DetachedBlockMessage.TryTakeSamples(data.Parameters[3].AsBlock(), out var received, out int firstInvalid));
        Assert.Equal(samples, received);
        Assert.Equal(-1, firstInvalid);
        Assert.False(DetachedBlockMessage.TryTakeSamples(data.Parameters[3].AsBlock(), out _, out _));
        Assert.Equal("*OPC?", parser.Next()!.Header);
        Assert.Null(parser.Next());

        framer.Recycle(message);
        Assert.Empty(store.GivenBack);
    }

    [Fact]
    public void Storage_nobody_adopted_goes_back_to_the_store()
    {
        var store = new RecordingStore();
        var framer = new ProgramMessageFramer(maxBlockBytes: 8 << 20, maxTextBytes: 1000, store);
        var messages = new List<ReadOnlyMemory<byte>>();
        Assert.Null(framer.Push(Encoding.ASCII.GetBytes($"wlist:waveform:data \"w\",#7{1 << 20}"), messages));
        Assert.Null(framer.Push(new byte[1 << 20], messages));
        Assert.Null(framer.Push("\n"u8, messages));

        framer.Recycle(Assert.Single(messages));

        Assert.Equal(1 << 18, Assert.Single(store.GivenBack).Length);
    }

    [Theory]
    [InlineData("WLIS:WAV:DATA \"w\",0,5,#220", true)]
    [InlineData(":wlist:Waveform:data \"w\",#220", true)]
    [InlineData("WLIS:WAV:DATA? \"w\"", false)]
    [InlineData("*CLS;WLIS:WAV:DATA \"w\",#220", false)]
    [InlineData("WLIS:WAVE:DATA \"w\",#220", false)]
    [InlineData("SLIS:SEQ:DATA \"w\",#220", false)]
    [InlineData("WLIS:WAV:DATA", false)]
    public void Only_a_single_waveform_data_command_gets_its_block_detached(string text, bool detached)
    {
        Assert.Equal(detached, Awg5208Emulator.IsWaveformDataHeader(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public async Task Repeated_large_uploads_replace_the_waveform_and_a_bad_sample_keeps_the_last_good_one()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        const int length = 1 << 19;
        var first = Enumerable.Range(0, length).Select(i => MathF.Sin(i * 1e-3f) * 0.5f).ToArray();
        var second = Enumerable.Range(0, length).Select(i => MathF.Cos(i * 1e-3f) * 0.25f).ToArray();
        var bad = (float[])second.Clone();
        bad[length - 3] = 1.5f;
        awg.WriteLine($"WLIS:WAV:NEW \"big\",{length}");

        foreach (var samples in new[] { first, second, first, second })
        {
            awg.Write(Waveforms.DataCommand("big", samples));
        }

        awg.Write(Waveforms.DataCommand("big", bad));

        Assert.StartsWith($"-222,\"Data out of range; sample {length - 3} is 1.5", awg.Query("SYST:ERR?"));
        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
        awg.WriteLine("WLIS:WAV:DATA? \"big\"");
        Assert.Equal(second, Waveforms.Floats(awg.ReadBlock(), bigEndian: false));
    }
}
