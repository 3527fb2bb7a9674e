using System.Buffers.Binary;
using System.Globalization;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// QDeviceLab DIG-IQ4: a reference integrating IQ readout digitizer with four channels
/// (instruments/models/qdevicelab-dig-iq4.md). Armed by INIT, triggered by the AWG: each
/// shot is one play of the qubit's drive waveforms followed by a projective readout.
/// </summary>
internal sealed partial class DigIq4Emulator : ScpiInstrument
{
    public const int Channels = 4;
    public const int MaxShots = 1_000_000;
    public const int DefaultShots = 1000;

    /// <summary>Noise (V per quadrature) of a channel with no qubit wired to it.</summary>
    public const double UnconnectedNoise = 0.1e-3;

    private readonly EmulatedDevice _device;
    private readonly string _name;
    private readonly string _serial;
    private readonly float[]?[] _data = new float[Channels][];

    // A channel's shots are drawn when first fetched, from what was captured at the trigger (P1, the
    // readout as the digitizer saw it, the shot count and the acquisition's random stream), so they
    // are the same numbers as if drawn at once: each channel has its own stream per acquisition.
    // An experiment fetches one or two channels; the others' thousands of draws are never made.
    private readonly Func<float[]>?[] _pending = new Func<float[]>?[Channels];
    private int _shots;
    private bool _bigEndian;
    private AcquisitionState _state;
    private long _acquisitions;
    private long _arms;
    private bool _triggerStuck;

    public DigIq4Emulator(EmulatedDevice device, string name, string serial)
        : base(device.SyncRoot, device.Clock)
    {
        _device = device;
        _name = name;
        _serial = serial;
        Reset();
        AddErrorQueueCommands();
        Commands.Add(
            "ACQuire:SHOTs",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                long n = c.Parameters[0].AsInteger();
                if (n < 1 || n > MaxShots)
                {
                    throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"shots {n} is outside 1..{MaxShots}"));
                }

                _shots = (int)n;
            },
            query: c => c.Response.WriteText(_shots.ToString(CultureInfo.InvariantCulture)));
        Commands.Add(
            "FORMat:BORDer",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                _bigEndian = c.Parameters[0].AsKeyword("NORMal", "SWAPped") == "NORMAL";
            },
            query: c => c.Response.WriteText(_bigEndian ? "NORM" : "SWAP"));
        Commands.Add("INITiate[:IMMediate]", set: c =>
        {
            c.ExpectParameters(0, 0);
            Array.Clear(_data);
            Array.Clear(_pending);
            Array.Clear(_traces);
            _state = AcquisitionState.Armed;
            _triggerStuck = Faults.IsStuckArm(++_arms);
            if (_device.AnyAwgRunning && !_triggerStuck)
            {
                Acquire();
            }
        });
        Commands.Add("ABORt", set: c =>
        {
            c.ExpectParameters(0, 0);
            if (_state == AcquisitionState.Armed)
            {
                _state = AcquisitionState.Idle;
            }

            _triggerStuck = false;
        });
        Commands.Add("ACQuire:STATe", query: c => c.Response.WriteText(_state switch
        {
            AcquisitionState.Armed => "ARMED",
            AcquisitionState.Done => "DONE",
            _ => "IDLE",
        }));
        Commands.Add("FETCh:IQ", query: Fetch);
        AddRecordCommands(); // record length, weights, traces: DigIq4Emulator.Traces.cs
    }

    private enum AcquisitionState { Idle, Armed, Done }

    public override string Identity => $"QDeviceLab,DIG-IQ4,{_serial},0.1.0";

    /// <summary>The only binary input is one channel's integration weights: float32 pairs for the longest record.</summary>
    public override long MaxBlockBytes => 8L * MaxPoints;

    /// <summary>Called under the device lock when an AWG starts playing.</summary>
    public void OnAwgTrigger()
    {
        if (_state == AcquisitionState.Armed && !_triggerStuck)
        {
            Acquire();
        }
    }

    /// <summary>An armed acquisition whose trigger never arrives keeps <c>*OPC?</c> waiting.</summary>
    protected override bool OperationPending => _triggerStuck && _state == AcquisitionState.Armed;

    protected override void Reset()
    {
        _triggerStuck = false;
        _shots = DefaultShots;
        _bigEndian = true;
        _state = AcquisitionState.Idle;
        Array.Clear(_data);
        Array.Clear(_pending);
        ResetRecord();
    }

    private void Acquire()
    {
        long index = _acquisitions++;
        double longestPlay = 0;
        if (_traceMode)
        {
            AcquireTraces(index, out longestPlay);
            _state = AcquisitionState.Done;
            _device.Clock.Advance(_shots * (longestPlay + EmulatedClock.SecondsPerShot));
            return;
        }

        int shots = _shots;
        for (int channel = 1; channel <= Channels; channel++)
        {
            var qubit = _device.QubitReadBy(_name, channel);
            if (qubit is not null && _device.CouplingOf(qubit) is { } pair)
            {
                // Both qubits of a coupled pair come from one joint draw, on the channel of the first.
                if (qubit == pair.A)
                {
                    longestPlay = Math.Max(longestPlay, AcquirePair(pair, index));
                }

                continue;
            }

            var stream = ChannelStream(channel, index);
            if (qubit is null)
            {
                _pending[channel - 1] = () =>
                {
                    var rng = stream();
                    var iq = new float[2 * shots];
                    for (int i = 0; i < iq.Length; i++)
                    {
                        iq[i] = (float)(UnconnectedNoise * rng.NextGaussian());
                    }

                    return iq;
                };
            }
            else
            {
                // Every shot replays the same waveforms from the same thermal state, so the
                // shots are independent draws from one P1.
                double p1 = _device.ExcitedPopulationAfterPlay(qubit, out double play);
                longestPlay = Math.Max(longestPlay, play);
                var readout = Integrated(_device.ReadoutSeenBy(qubit), channel);
                _pending[channel - 1] = () =>
                {
                    var iq = new float[2 * shots];
                    readout.Sample(p1, shots, stream(), iq);
                    return iq;
                };
            }
        }

        _state = AcquisitionState.Done;
        _device.Clock.Advance(_shots * (longestPlay + EmulatedClock.SecondsPerShot));
    }

    /// <summary>The random stream of one channel in one acquisition (made when the channel's shots are drawn).</summary>
    private Func<DeterministicRandom> ChannelStream(int channel, long index)
    {
        long seed = _device.Seed;
        string name = _name;
        return () => DeterministicRandom.ForStream(seed, $"{name}/channel{channel}", index);
    }

    /// <summary>The shots of the last acquisition on a channel, drawn now if not yet; null if there are none.</summary>
    private float[]? ChannelData(int channel)
    {
        if (_data[channel - 1] is null && _pending[channel - 1] is { } draw)
        {
            _pending[channel - 1] = null;
            _data[channel - 1] = draw();
        }

        return _data[channel - 1];
    }

    /// <summary>Shots of a coupled pair (both read by this digitizer) from their joint distribution; returns the play's length.</summary>
    private double AcquirePair(EmulatedCoupling pair, long index)
    {
        double[] populations = _device.JointPopulationsAfterPlay(pair, out double play);
        int channelA = pair.A.Wiring.ReadoutChannel, channelB = pair.B.Wiring.ReadoutChannel;
        var draw = new EmulatedCoupling.JointDraw(
            populations,
            _shots,
            ChannelStream(channelA, index),
            ChannelStream(channelB, index),
            Integrated(_device.ReadoutSeenBy(pair.A), channelA),
            Integrated(_device.ReadoutSeenBy(pair.B), channelB));
        _pending[channelA - 1] = draw.ShotsOfA;
        _pending[channelB - 1] = draw.ShotsOfB;
        return play;
    }

    private void Fetch(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        long channel = c.Parameters[0].AsInteger();
        if (channel < 1 || channel > Channels)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"channel {channel} is outside 1..{Channels}"));
        }

        var iq = _state == AcquisitionState.Done ? ChannelData((int)channel) : null;
        if (iq is null)
        {
            c.Response.WriteBlock([]);
            throw new ScpiErrorException(ScpiError.DataCorruptOrStale.With("no completed acquisition; send INIT and run the AWG"));
        }

        var bytes = new byte[4 * iq.Length];
        for (int i = 0; i < iq.Length; i++)
        {
            var slot = bytes.AsSpan(4 * i, 4);
            if (_bigEndian)
            {
                BinaryPrimitives.WriteSingleBigEndian(slot, iq[i]);
            }
            else
            {
                BinaryPrimitives.WriteSingleLittleEndian(slot, iq[i]);
            }
        }

        c.Response.WriteBlock(bytes);
    }
}
