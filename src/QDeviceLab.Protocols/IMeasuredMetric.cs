using QDeviceLab.Analysis;
using QDeviceLab.Core;

namespace QDeviceLab.Protocols;

/// <summary>
/// What every protocol's Result stage hands to the judging step and to <c>qdlab fit</c>: one
/// metric of one qubit with its standard uncertainty, how it was obtained, and the evidence.
/// Fitted metrics carry their fit; derived or counted ones (T_phi, assignment fidelity) do not.
/// </summary>
public interface IMeasuredMetric
{
    /// <summary>Symbol as the standards profiles name it: <c>T1</c>, <c>T2E</c>, <c>F_RO</c>...</summary>
    string Metric { get; }

    string Qubit { get; }

    /// <summary>Value and standard uncertainty in SI units.</summary>
    Measurement Value { get; }

    /// <summary>One or two sentences on how it was measured, for the report.</summary>
    string Method { get; }

    /// <summary>Raw-data summary on disk, relative to the report folder when recorded by a run.</summary>
    string? RawDataFile { get; }

    /// <summary>The fit behind the value; null when the value is counted or derived.</summary>
    FitResult? Fit { get; }

    /// <summary>Fitted points and curve for plots; null when there is no curve.</summary>
    FitEvidence? Evidence { get; }

    /// <summary>
    /// Facts of the method as actually carried out (what was taken, not what was asked for), by the
    /// names in <see cref="MethodFact"/>, SI units: profiles state method requirements on them.
    /// Empty when the protocol reports none; the default keeps older implementations compiling.
    /// </summary>
    IReadOnlyDictionary<string, double> MethodFacts => MethodFact.None;
}

/// <summary>
/// The vocabulary of method facts (docs/standards-profiles.md). Names are snake_case as a
/// profile's <c>requires:</c> writes them; values are counts or SI quantities.
/// </summary>
public static class MethodFact
{
    /// <summary>Fewest shots taken at any one point (delay, amplitude, sequence or prepared state).</summary>
    public const string Shots = "shots";

    /// <summary>Number of delays measured in a delay sweep.</summary>
    public const string Delays = "delays";

    /// <summary>Shortest delay measured, seconds.</summary>
    public const string DelayMin = "delay_min";

    /// <summary>Longest delay measured, seconds.</summary>
    public const string DelayMax = "delay_max";

    /// <summary>Number of refocusing pi pulses (1 for a Hahn echo, N for CPMG).</summary>
    public const string PiPulses = "pi_pulses";

    /// <summary>Artificial (virtual-Z) detuning of a Ramsey experiment, hertz.</summary>
    public const string ArtificialDetuning = "artificial_detuning";

    /// <summary>Number of distinct sequence lengths of an RB experiment.</summary>
    public const string SequenceLengths = "sequence_lengths";

    /// <summary>Fewest random sequences taken at any one length (and kind, for interleaved RB).</summary>
    public const string SequencesPerLength = "sequences_per_length";

    /// <summary>Longest sequence length, in Cliffords.</summary>
    public const string LengthMax = "length_max";

    /// <summary>Number of drive amplitudes of an amplitude sweep.</summary>
    public const string Amplitudes = "amplitudes";

    /// <summary>Number of basis states prepared for a readout measurement.</summary>
    public const string PreparedStates = "prepared_states";

    /// <summary>Every fact a protocol may report, for validating a profile's requirements.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Shots, Delays, DelayMin, DelayMax, PiPulses, ArtificialDetuning, SequenceLengths, SequencesPerLength, LengthMax, Amplitudes, PreparedStates];

    public static IReadOnlyDictionary<string, double> None { get; } = new Dictionary<string, double>();

    /// <summary>Facts of a delay sweep from the points actually taken, with named settings copied when present.</summary>
    public static IReadOnlyDictionary<string, double> OfDelaySweep(RawData.DelaySweepData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var facts = new Dictionary<string, double>(StringComparer.Ordinal) { [Delays] = data.Points.Count };
        if (data.Points.Count > 0)
        {
            facts[Shots] = data.Points.Min(p => p.Shots);
            facts[DelayMin] = data.Points.Min(p => p.Delay);
            facts[DelayMax] = data.Points.Max(p => p.Delay);
        }

        foreach (var setting in (string[])[PiPulses, ArtificialDetuning])
        {
            if (data.Settings.TryGetValue(setting, out var value))
            {
                facts[setting] = value;
            }
        }

        return facts;
    }

    /// <summary>Facts of an RB run from the sequences actually played (<paramref name="interleaved"/>: which kind, null for both).</summary>
    public static IReadOnlyDictionary<string, double> OfRb(Benchmarking.RbData data, bool? interleaved)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sequences = data.Sequences.Where(s => interleaved is null || s.Interleaved == interleaved).ToList();
        var facts = new Dictionary<string, double>(StringComparer.Ordinal) { [SequenceLengths] = sequences.Select(s => s.Length).Distinct().Count() };
        if (sequences.Count > 0)
        {
            facts[Shots] = sequences.Min(s => s.Shots);
            facts[SequencesPerLength] = sequences.GroupBy(s => (s.Length, s.Interleaved)).Min(g => g.Count());
            facts[LengthMax] = sequences.Max(s => s.Length);
        }

        return facts;
    }
}
