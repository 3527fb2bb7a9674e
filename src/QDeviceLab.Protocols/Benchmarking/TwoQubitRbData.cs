using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Everything measured in one two-qubit RB run, enough to redo the fit and the bootstrap offline:
/// the pair and its two qubits, settings, seed, each qubit's readout references and, per sequence,
/// the two-qubit Cliffords played and how the shots split over the four joint outcomes. Written
/// before fitting; both qubits' shots sit beside it in one CSV file (label <c>rb2:QUBIT</c>, the
/// same shot index on both qubits' rows is the same shot).
/// </summary>
public sealed record TwoQubitRbData : IRawDataSummary
{
    public const string FormatId = "qdevicelab.raw.two-qubit-randomized-benchmarking/1";

    public string Format { get; init; } = FormatId;

    public required string Protocol { get; init; }

    /// <summary>The pair's name in the station file, e.g. <c>q0_q1</c>: the "qubit" the metric belongs to.</summary>
    public required string Qubit { get; init; }

    /// <summary>The pair's first qubit: qubit 0 of the Clifford group, the left bit of each outcome.</summary>
    public required string QubitA { get; init; }

    /// <summary>The pair's second qubit: qubit 1 of the Clifford group, the right bit of each outcome.</summary>
    public required string QubitB { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public DateTimeOffset? FinishedUtc { get; init; }

    public required bool Complete { get; init; }

    /// <summary>Seed of the sequence draw and of the bootstrap.</summary>
    public required int Seed { get; init; }

    /// <summary>Protocol settings (shots, lengths, pulse and CZ calibration, sample rate...), SI units.</summary>
    public required IReadOnlyDictionary<string, double> Settings { get; init; }

    public required IReadOnlyDictionary<string, string> Instruments { get; init; }

    public ReadoutReference? ReferenceA { get; init; }

    public ReadoutReference? ReferenceB { get; init; }

    public required IReadOnlyList<TwoQubitRbSequenceRecord> Sequences { get; init; }

    public required string ShotsFile { get; init; }
}

/// <summary>
/// One played two-qubit sequence: the random Cliffords (indices into the 11,520-element table of
/// QDeviceLab.Analysis) in time order, then <see cref="Recovery"/>. <see cref="Outcomes"/> counts
/// the shots read as 00, 01, 10 and 11 (A's bit first); survival is the 00 count.
/// </summary>
public sealed record TwoQubitRbSequenceRecord(
    int Point,
    int Length,
    IReadOnlyList<int> Cliffords,
    int Recovery,
    IReadOnlyList<int> Outcomes,
    int Shots,
    int ControlledZs,
    double Duration)
{
    public int Survived => Outcomes[0];
}
