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
/// default table (<see cref="CliffordDecomposition.XyPulses"/>, Epstein et al. 2014, physical X/Y pulses
/// only) has no virtual Z, so its sequences stay in frame 0 and only its 24 entries are
/// <see cref="Reachable"/>; <see cref="CliffordDecomposition.VirtualZ"/> reaches all four frames.
/// Cliffords that are pure virtual Zs have no samples: they only move the frame.
/// </remarks>
internal sealed class CliffordWaveforms
{

    /// <summary>Frames a Clifford's virtual Zs can reach: multiples of 90 degrees.</summary>
    public const int Frames = 4;

    public const int Entries = OneQubitCliffords.Count * Frames;

    private readonly double[][] _inPhase = new double[Entries][];
    private readonly double[][] _quadrature = new double[Entries][];
    private readonly int[] _frameAfter = new int[Entries];

    public CliffordWaveforms(double sampleRate, PiPulseCalibration piPulse, CliffordDecomposition decomposition = CliffordDecomposition.XyPulses)
    {
        SampleRate = sampleRate;
        Decomposition = decomposition;
        var pulses = 0;
        for (var c = 0; c < OneQubitCliffords.Count; c++)
        {
            for (var frame = 0; frame < Frames; frame++)
            {
                var builder = new PulseSequenceBuilder(sampleRate, piPulse).VirtualZ(frame * Math.PI / 2);
                var played = decomposition == CliffordDecomposition.XyPulses ? CompileXy(builder, c) : CompileVirtualZ(builder, c);
                pulses += frame == 0 ? played : 0;
                var entry = Entry(c, frame);
                _frameAfter[entry] = QuarterTurns(builder.Frame);
                // Built without Build(): a Clifford that is only a virtual Z plays no sample at all.
                var waveform = builder.Elapsed > 0 ? builder.Build() : new IqWaveform([], [], sampleRate);
                _inPhase[entry] = waveform.InPhase;
                _quadrature[entry] = waveform.Quadrature;
            }
        }

        PulseDuration = new PulseSequenceBuilder(sampleRate, piPulse).PulseSamples / sampleRate;
        MeanPulsesPerClifford = pulses / (double)OneQubitCliffords.Count;
        Reachable = FindReachable();
    }

    public CliffordDecomposition Decomposition { get; }

    /// <summary>Pulse slots per Clifford over the group: 1.875 for the X/Y table (the identity idles one slot), 1.0 with virtual Zs (none for the four z rotations, two for the four that flip z, one for the rest).</summary>
    public double MeanPulsesPerClifford { get; }

    public double SampleRate { get; }

    /// <summary>Duration of one pulse slot, whole samples.</summary>
    public double PulseDuration { get; }

    /// <summary>Mean Clifford duration over the group.</summary>
    public double MeanCliffordDuration => MeanPulsesPerClifford * PulseDuration;

    /// <summary>The entries a sequence starting in frame 0 can play and that have samples, ascending: what a sequencer needs uploaded.</summary>
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

    /// <summary>The waveform that plays <paramref name="cliffords"/> back to back (one idle sample if none has a pulse).</summary>
    public IqWaveform Compile(IReadOnlyCollection<int> cliffords)
    {
        var entries = EntriesOf(cliffords);
        var total = entries.Sum(EntrySamples);
        if (total == 0)
        {
            return new IqWaveform([0.0], [0.0], SampleRate);
        }

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

    /// <summary>The Epstein table's pulses; the identity idles one slot. Returns the pulse slots played.</summary>
    private static int CompileXy(PulseSequenceBuilder builder, int clifford)
    {
        var pulses = OneQubitCliffords.Pulses(clifford);
        foreach (var pulse in pulses)
        {
            if (pulse == CliffordPulse.Idle)
            {
                builder.Wait(builder.PulseSamples / builder.SampleRate);
            }
            else
            {
                builder.Rotate(pulse.Angle(), pulse.AxisPhase());
            }
        }

        return pulses.Count;
    }

    /// <summary>The shortest X90/Y90 string with virtual Zs (frame changes, no samples). Returns the pulses played.</summary>
    private static int CompileVirtualZ(PulseSequenceBuilder builder, int clifford)
    {
        var pulses = 0;
        foreach (var gate in TwoQubitCliffords.OneQubitDecomposition(clifford))
        {
            switch (gate.Kind)
            {
                case NativeGateKind.X90:
                    builder.Rotate(Math.PI / 2);
                    pulses++;
                    break;
                case NativeGateKind.Y90:
                    builder.Rotate(Math.PI / 2, Math.PI / 2);
                    pulses++;
                    break;
                default:
                    builder.VirtualZ(gate.QuarterTurns * Math.PI / 2);
                    break;
            }
        }

        return pulses;
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

        return [.. Enumerable.Range(0, Entries).Where(e => frames.Contains(e % Frames) && _inPhase[e].Length > 0)];
    }
}

/// <summary>How one-qubit Cliffords are turned into pulses.</summary>
public enum CliffordDecomposition
{
    /// <summary>Epstein et al. 2014: X/Y pi and pi/2 pulses only, 1.875 pulse slots per Clifford (the identity idles one slot).</summary>
    XyPulses,

    /// <summary>Shortest X90/Y90 strings with virtual Zs between: 1.0 pulse per Clifford on average, the four z rotations take no time.</summary>
    VirtualZ,
}
