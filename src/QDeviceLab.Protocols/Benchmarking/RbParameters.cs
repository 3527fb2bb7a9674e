using QDeviceLab.Analysis;
using QDeviceLab.Analysis.Clifford;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// What a randomized-benchmarking run plays: the sequence lengths (numbers of random Cliffords),
/// how many random sequences per length, the shots per sequence, the seed that draws the
/// sequences, and for interleaved RB the gate interleaved after every random Clifford.
/// </summary>
public sealed record RbParameters
{
    /// <summary>The named gates interleaved RB can characterize: each is a single physical pulse and a Clifford.</summary>
    public static IReadOnlyList<CliffordPulse> InterleavableGates { get; } = [CliffordPulse.X90, CliffordPulse.Y90, CliffordPulse.X180, CliffordPulse.Y180];

    public RbParameters(IReadOnlyList<int> lengths, int sequencesPerLength, int shots, int seed, CliffordPulse? interleavedGate = null)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.Any(m => m is < 0 or > 100_000))
        {
            throw new ArgumentException("every sequence length must be 0 to 100,000 Cliffords", nameof(lengths));
        }

        if (lengths.Distinct().Count() != lengths.Count)
        {
            throw new ArgumentException("sequence lengths must not repeat", nameof(lengths));
        }

        if (lengths.Count < 4)
        {
            throw new ArgumentException($"an RB decay fit needs at least 4 lengths, got {lengths.Count}", nameof(lengths));
        }

        if (sequencesPerLength is < 2 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sequencesPerLength), sequencesPerLength, "sequences per length must be 2 to 10,000 (the spread over sequences sets the error bars)");
        }

        if (shots is < 10 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(shots), shots, "shots per sequence must be 10 to 1,000,000");
        }

        if (interleavedGate is { } gate && !InterleavableGates.Contains(gate))
        {
            throw new ArgumentException($"interleaved RB characterizes {string.Join(", ", InterleavableGates)}, not {gate}", nameof(interleavedGate));
        }

        Lengths = [.. lengths.Order()];
        SequencesPerLength = sequencesPerLength;
        Shots = shots;
        Seed = seed;
        InterleavedGate = interleavedGate;
    }

    /// <summary>Ascending.</summary>
    public IReadOnlyList<int> Lengths { get; }

    public int SequencesPerLength { get; }

    public int Shots { get; }

    /// <summary>Seeds both the sequence draw and the bootstrap; recorded with the raw data.</summary>
    public int Seed { get; }

    public CliffordPulse? InterleavedGate { get; }

    public int BootstrapResamples { get; init; } = RbBootstrap.DefaultResamples;

    /// <summary>
    /// Play sequences through the AWG's sequencer when it has one (the default): the Clifford library is
    /// uploaded once and each sequence is a step table. False uploads each sequence as one waveform.
    /// </summary>
    public bool UseSequencer { get; init; } = true;

    /// <summary>How Cliffords become pulses: the X/Y table (default) or X90/Y90 with virtual Zs.</summary>
    public CliffordDecomposition Decomposition { get; init; } = CliffordDecomposition.XyPulses;
}
