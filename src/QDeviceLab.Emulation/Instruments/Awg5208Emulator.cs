using System.Buffers.Binary;
using System.Globalization;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Tektronix AWG5208, the subset of its programmer-manual command set a qubit experiment
/// needs (instruments/models/tektronix-awg5208.md): a waveform list of float32 samples in
/// -1..1, a sequence list (<see cref="Awg5208SequenceList"/>), one waveform or sequence track
/// assigned per channel, amplitude, sample rate, outputs and run/stop.
/// </summary>
internal sealed partial class Awg5208Emulator : ScpiInstrument
{
    public const int Channels = 8;
    /// <summary>The programmer manual's limit of 650,000,000 bytes per WLISt:WAVeform:DATA, in float32 samples.</summary>
    public const int MaxWaveformSamples = 650_000_000 / sizeof(float);

    /// <summary>Waveform-list memory the twin grants (2 GiB of float32): bounded so a client cannot exhaust the host.</summary>
    public const long MaxTotalSamples = 512L * 1024 * 1024;
    public const double DefaultSampleRate = 2.5e9;
    public const double MinSampleRate = 298;
    public const double MaxSampleRate = 2.5e9;
    public const double DefaultAmplitudeVpp = 0.5;
    public const double MinAmplitudeVpp = 0.025;
    public const double MaxAmplitudeVpp = 1.5;

    private readonly EmulatedDevice _device;
    private readonly string _serial;
    private readonly Dictionary<string, AwgWaveformMemory> _waveforms = new(StringComparer.Ordinal);
    private readonly ChannelState[] _channels = new ChannelState[Channels];
    private readonly Awg5208SequenceList _sequences;
    private double _sampleRate;
    private bool _running;

    public Awg5208Emulator(EmulatedDevice device, string serial)
        : base(device.SyncRoot, device.Clock)
    {
        _device = device;
        _serial = serial;
        Reset();
        AddErrorQueueCommands();
        Commands.Add("WLISt:WAVeform:NEW", set: NewWaveform);
        Commands.Add("WLISt:WAVeform:DATA", set: WriteData, query: ReadData);
        Commands.Add("WLISt:WAVeform:DELete", set: DeleteWaveform);
        Commands.Add("WLISt:WAVeform:LENGth", query: c => c.Response.WriteText(Waveform(c, 0).Length.ToString(CultureInfo.InvariantCulture)));
        Commands.Add("WLISt:SIZE", query: c => c.Response.WriteText(_waveforms.Count.ToString(CultureInfo.InvariantCulture)));
        _sequences = new Awg5208SequenceList(Commands, _waveforms.ContainsKey, DropDeletedSequences);
        Commands.Add("SOURce<n>:CASSet:WAVeform", set: AssignWaveform);
        Commands.Add("SOURce<n>:CASSet:SEQuence", set: AssignSequence);
        Commands.Add("SOURce<n>:CASSet", query: c =>
        {
            var channel = Channel(c);
            c.Response.WriteText(channel.Sequence is { } sequence
                ? $"\"{sequence},{channel.Track.ToString(CultureInfo.InvariantCulture)}\""
                : $"\"{channel.Waveform ?? string.Empty}\"");
        });
        Commands.Add("SOURce<n>:CASSet:TYPE", query: c =>
        {
            var channel = Channel(c);
            c.Response.WriteText(channel.Sequence is not null ? "SEQ" : channel.Waveform is not null ? "WAV" : "NONE");
        });
        Commands.Add(
            "[SOURce<n>]:VOLTage[:LEVel][:IMMediate][:AMPLitude]",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                double vpp = c.Parameters[0].AsDouble();
                if (vpp < MinAmplitudeVpp || vpp > MaxAmplitudeVpp)
                {
                    throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"amplitude {vpp} Vpp is outside {MinAmplitudeVpp}..{MaxAmplitudeVpp}"));
                }

                Channel(c).AmplitudeVpp = vpp;
            },
            query: c => c.Response.WriteText(Number(Channel(c).AmplitudeVpp)));
        Commands.Add(
            "CLOCk:SRATe",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                double rate = c.Parameters[0].AsDouble();
                if (rate < MinSampleRate || rate > MaxSampleRate)
                {
                    throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"sample rate {rate} S/s is outside {MinSampleRate}..{MaxSampleRate}"));
                }

                _sampleRate = rate;
            },
            query: c => c.Response.WriteText(Number(_sampleRate)));
        Commands.Add(
            "OUTPut<n>[:STATe]",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                Channel(c).On = c.Parameters[0].AsBoolean();
            },
            query: c => c.Response.WriteText(Channel(c).On ? "1" : "0"));
        Commands.Add("AWGControl:RUN[:IMMediate]", set: c =>
        {
            c.ExpectParameters(0, 0);
            ValidateSequencePlay();
            _running = true;
            _device.OnAwgRun();
        });
        Commands.Add("AWGControl:STOP[:IMMediate]", set: c =>
        {
            c.ExpectParameters(0, 0);
            _running = false;
        });
        Commands.Add("AWGControl:RSTate", query: c => c.Response.WriteText(_running ? "2" : "0"));
    }

    public override string Identity => $"TEKTRONIX,AWG5208,{_serial},FV:7.0.0.1";

    /// <summary>One DATA command carries at most one full-length waveform (plus nothing else binary).</summary>
    public override long MaxBlockBytes => 4L * MaxWaveformSamples;

    public bool IsRunning => _running;

    /// <summary>
    /// What the qubit sees on one play (one shot): each channel's assigned waveform, or one pass of
    /// its sequence track, times Vpp/2; nothing when the channel is OFF or has no assignment.
    /// False when the AWG is stopped or nothing plays.
    /// </summary>
    public bool TryGetDrive(int iChannel, int qChannel, out DriveProgram drive, out double sampleInterval)
    {
        sampleInterval = 1.0 / _sampleRate;
        drive = SequencePlayback.Build(Playing(iChannel), Playing(qChannel), Samples);
        return _running && drive.Samples > 0;
    }

    protected override void Reset()
    {
        _running = false;
        _sampleRate = DefaultSampleRate;
        for (int i = 0; i < Channels; i++)
        {
            _channels[i] = new ChannelState();
        }
    }

    /// <summary>A power cycle also empties the waveform list, which lives in volatile memory.</summary>
    protected override void PowerCycle()
    {
        base.PowerCycle();
        _waveforms.Clear();
        _sequences.Clear();
    }

    private SequencePlayback.ChannelPlay Playing(int channel)
    {
        if (channel < 1 || channel > Channels)
        {
            return SequencePlayback.ChannelPlay.None;
        }

        var state = _channels[channel - 1];
        double voltsPerUnit = state.AmplitudeVpp / 2;
        if (!state.On)
        {
            return SequencePlayback.ChannelPlay.None;
        }

        if (state.Sequence is not null && _sequences.Find(state.Sequence) is { } sequence)
        {
            return new SequencePlayback.ChannelPlay(null, sequence, state.Track, voltsPerUnit);
        }

        return state.Waveform is not null && _waveforms.TryGetValue(state.Waveform, out var samples)
            ? new SequencePlayback.ChannelPlay(samples.Samples, null, 0, voltsPerUnit)
            : SequencePlayback.ChannelPlay.None;
    }

    private float[]? Samples(string waveform) => _waveforms.GetValueOrDefault(waveform)?.Samples;

    /// <summary>Refuses RUN (-221) when a channel that is ON plays a sequence the emulator cannot turn into a shot.</summary>
    private void ValidateSequencePlay()
    {
        for (int channel = 1; channel <= Channels; channel++)
        {
            var play = Playing(channel);
            if (play.Sequence is not null)
            {
                SequencePlayback.Validate(play.Sequence, play.Track, channel, Samples);
            }
        }
    }

    private void AssignSequence(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 2);
        var channel = Channel(c);
        var sequence = _sequences.Get(c.Parameters[0].AsString());
        long track = c.Parameters[1].AsInteger();
        if (track < 1 || track > sequence.Tracks)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"track {track} is not a track of \"{sequence.Name}\" (1..{sequence.Tracks})"));
        }

        channel.Waveform = null;
        channel.Sequence = sequence.Name;
        channel.Track = (int)track;
    }

    private void DropDeletedSequences()
    {
        foreach (var channel in _channels)
        {
            if (channel.Sequence is not null && _sequences.Find(channel.Sequence) is null)
            {
                channel.Sequence = null;
            }
        }
    }

    private void NewWaveform(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 2);
        string name = c.Parameters[0].AsString();
        long size = c.Parameters[1].AsInteger();
        if (name.Length == 0)
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With("empty waveform name"));
        }

        if (size < 1 || size > MaxWaveformSamples)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"size {size} is outside 1..{MaxWaveformSamples}"));
        }

        if (_waveforms.ContainsKey(name))
        {
            throw new ScpiErrorException(ScpiError.SettingsConflict.With($"waveform \"{name}\" already exists"));
        }

        long used = _waveforms.Values.Sum(w => (long)w.Length);
        if (used + size > MaxTotalSamples)
        {
            throw new ScpiErrorException(ScpiError.OutOfMemory.With($"waveform memory holds {MaxTotalSamples} samples"));
        }

        _waveforms[name] = new AwgWaveformMemory((int)size);
    }

    private void WriteData(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 4);
        var target = Waveform(c, 0);
        var block = c.Parameters[^1].AsBlock();
        if (block.Length % 4 != 0)
        {
            throw new ScpiErrorException(ScpiError.InvalidBlockData.With($"{block.Length} bytes is not a whole number of float32 samples"));
        }

        long count = block.Length / 4;
        long start = c.Parameters.Count >= 3 ? c.Parameters[1].AsInteger() : 0;
        if (c.Parameters.Count == 4)
        {
            long size = c.Parameters[2].AsInteger();
            if (size != count)
            {
                throw new ScpiErrorException(ScpiError.InvalidBlockData.With($"size {size} but the block holds {count} samples"));
            }
        }

        if (start < 0 || start + count > target.Length)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"samples {start}..{start + count - 1} do not fit a waveform of {target.Length}"));
        }

        if (DetachedBlockMessage.TryTakeSamples(block, out float[] received, out int firstInvalid))
        {
            // The framer received the block straight into storage for it, checking each part as it
            // arrived (FirstInvalid): keep it, no copy and no second pass over it.
            target.Adopt(start, received, GiveBack, firstInvalid);
        }
        else
        {
            target.Write(start, block.Span);
        }
    }

    private void ReadData(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 3);
        float[] source = Waveform(c, 0).Samples;
        long start = c.Parameters.Count >= 2 ? c.Parameters[1].AsInteger() : 0;
        long size = c.Parameters.Count == 3 ? c.Parameters[2].AsInteger() : source.Length - start;
        if (start < 0 || size < 0 || start + size > source.Length)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"samples {start}..{start + size - 1} are not in a waveform of {source.Length}"));
        }

        var bytes = new byte[4 * size];
        for (int i = 0; i < size; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i, 4), source[start + i]);
        }

        c.Response.WriteBlock(bytes);
    }

    private void DeleteWaveform(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        var p = c.Parameters[0];
        if (p.Kind == ScpiParameterKind.Token)
        {
            p.AsKeyword("ALL");
            _waveforms.Clear();
        }
        else
        {
            string name = p.AsString();
            if (!_waveforms.Remove(name))
            {
                throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"waveform \"{name}\" does not exist"));
            }
        }

        foreach (var channel in _channels)
        {
            if (channel.Waveform is not null && !_waveforms.ContainsKey(channel.Waveform))
            {
                channel.Waveform = null;
            }
        }

        _sequences.ForgetWaveformsNotIn(_waveforms.ContainsKey);
    }

    private void AssignWaveform(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        var channel = Channel(c);
        string name = c.Parameters[0].AsString();
        if (!_waveforms.ContainsKey(name))
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"waveform \"{name}\" does not exist"));
        }

        channel.Sequence = null;
        channel.Waveform = name;
    }

    private AwgWaveformMemory Waveform(ScpiCommandContext c, int index)
    {
        string name = c.Parameter(index, "waveform name").AsString();
        if (!_waveforms.TryGetValue(name, out var samples))
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"waveform \"{name}\" does not exist"));
        }

        return samples;
    }

    private ChannelState Channel(ScpiCommandContext c) => _channels[c.Suffix(0, Channels) - 1];

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class ChannelState
    {
        public string? Waveform { get; set; }

        /// <summary>The assigned sequence (then <see cref="Waveform"/> is null) and its track.</summary>
        public string? Sequence { get; set; }

        public int Track { get; set; }

        public double AmplitudeVpp { get; set; } = DefaultAmplitudeVpp;

        public bool On { get; set; }
    }
}
