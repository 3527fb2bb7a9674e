using QDeviceLab.Analysis.Clifford;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Pulses;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// The 24 Cliffords compiled once into I/Q samples with <see cref="PulseSequenceBuilder"/>, each in
/// every drive frame a sequence can reach, so a sequence of any length is a list of library entries
/// (clifford, frame): concatenated cached arrays for a single waveform, or steps of an AWG sequence
/// that plays the uploaded entries. Pulses follow each other with no gap; the identity is an idle
/// of one pulse length.
/// </summary>
/// <remarks>
/// Virtual Z rotations in a decomposition move the frame of every later pulse, so the same Clifford
/// needs different samples depending on the frame the sequence has accumulated when it plays. Clifford
/// virtual Zs are multiples of 90 degrees, so four frames cover every case: entry (c, f) is Clifford c
/// played in frame f x 90 degrees, and <see cref="FrameAfter"/> says where it leaves the frame. The
/// decomposition table in use (Epstein et al. 2014, physical X/Y pulses only) has no virtual Z, so
/// sequences stay in frame 0 and only its 24 entries are <see cref="Reachable"/>; a table with virtual
/// Zs reaches the others without any change here.
/// </remarks>
internal sealed class CliffordWaveforms
{
    /// <summary>Frames a Clifford's virtual Zs can reach: multiples of 90 degrees.</summary>
    public const int Frames = 4;

    public const int Entries = OneQubitCliffords.Count * Frames;

    private readonly double[][] _inPhase = new double[Entries][];
    private readonly double[][] _quadrature = new double[Entries][];
    private readonly int[] _frameAfter = new int[Entries];

    public CliffordWaveforms(double sampleRate, PiPulseCalibration piPulse)
    {
        SampleRate = sampleRate;
        for (var c = 0; c < OneQubitCliffords.Count; c++)
        {
            for (var frame = 0; frame < Frames; frame++)
            {
                var builder = new PulseSequenceBuilder(sampleRate, piPulse).VirtualZ(frame * Math.PI / 2);
                foreach (var pulse in OneQubitCliffords.Pulses(c))
                {
                    if (pulse == CliffordPulse.Idle)
                    {
                        builder.Wait(builder.PulseSamples / sampleRate);
                    }
                    else
                    {
                        builder.Rotate(pulse.Angle(), pulse.AxisPhase());
                    }
                }

                var entry = Entry(c, frame);
                _frameAfter[entry] = QuarterTurns(builder.Frame);
                var waveform = builder.Build();
                _inPhase[entry] = waveform.InPhase;
                _quadrature[entry] = waveform.Quadrature;
            }
        }

        PulseDuration = new PulseSequenceBuilder(sampleRate, piPulse).PulseSamples / sampleRate;
        Reachable = FindReachable();
    }

    public double SampleRate { get; }

    /// <summary>Duration of one pulse slot, whole samples.</summary>
    public double PulseDuration { get; }

    /// <summary>Mean Clifford duration over the group: 1.875 pulse slots.</summary>
    public double MeanCliffordDuration => OneQubitCliffords.MeanPulsesPerClifford * PulseDuration;

    /// <summary>The entries a sequence starting in frame 0 can play, ascending: what a sequencer needs uploaded.</summary>
    public IReadOnlyList<int> Reachable { get; }

    /// <summary>Library index of Clifford <paramref name="clifford"/> played in frame <paramref name="frame"/> (quarter turns).</summary>
    public static int Entry(int clifford, int frame) => (clifford * Frames) + frame;

    public static int CliffordOf(int entry) => entry / Frames;

    /// <summary>The frame (quarter turns) the drive is in after the entry has played.</summary>
    public int FrameAfter(int entry) => _frameAfter[entry];

    /// <summary>Samples of one Clifford (in frame 0).</summary>
    public int Samples(int clifford) => _inPhase[Entry(clifford, 0)].Length;

    public int EntrySamples(int entry) => _inPhase[entry].Length;

    public double[] InPhase(int entry) => _inPhase[entry];

    public double[] Quadrature(int entry) => _quadrature[entry];

    /// <summary>The entries that play <paramref name="cliffords"/> in time order, the frame starting at 0.</summary>
    public int[] EntriesOf(IEnumerable<int> cliffords)
    {
        ArgumentNullException.ThrowIfNull(cliffords);
        var entries = new List<int>();
        var frame = 0;
        foreach (var c in cliffords)
        {
            var entry = Entry(c, frame);
            entries.Add(entry);
            frame = _frameAfter[entry];
        }

        return [.. entries];
    }

    /// <summary>The waveform that plays <paramref name="cliffords"/> back to back.</summary>
    public IqWaveform Compile(IReadOnlyCollection<int> cliffords)
    {
        var entries = EntriesOf(cliffords);
        var total = entries.Sum(EntrySamples);
        var inPhase = new double[total];
        var quadrature = new double[total];
        var at = 0;
        foreach (var e in entries)
        {
            _inPhase[e].CopyTo(inPhase, at);
            _quadrature[e].CopyTo(quadrature, at);
            at += _inPhase[e].Length;
        }

        return new IqWaveform(inPhase, quadrature, SampleRate);
    }

    private static int QuarterTurns(double frame)
    {
        var turns = frame / (Math.PI / 2);
        var rounded = (int)Math.Round(turns);
        if (Math.Abs(turns - rounded) > 1e-9)
        {
            throw new InvalidOperationException($"a Clifford decomposition left the frame at {frame} rad, not a multiple of 90 degrees");
        }

        return ((rounded % Frames) + Frames) % Frames;
    }

    private int[] FindReachable()
    {
        var frames = new HashSet<int> { 0 };
        var queue = new Queue<int>([0]);
        while (queue.TryDequeue(out var frame))
        {
            for (var c = 0; c < OneQubitCliffords.Count; c++)
            {
                if (frames.Add(_frameAfter[Entry(c, frame)]))
                {
                    queue.Enqueue(_frameAfter[Entry(c, frame)]);
                }
            }
        }

        return [.. Enumerable.Range(0, Entries).Where(e => frames.Contains(e % Frames))];
    }
}
