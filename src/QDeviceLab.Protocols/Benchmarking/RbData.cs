using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Benchmarking;

/// <summary>
/// Everything measured in one (interleaved) RB run, enough to redo the fit and the bootstrap
/// offline: settings, seed, readout references and, per sequence, the Cliffords played and how
/// many shots survived in |0>. Written before fitting; the shots sit beside it in a CSV file.
/// </summary>
public sealed record RbData : IRawDataSummary
{
    public const string FormatId = "qdevicelab.raw.randomized-benchmarking/1";

    public string Format { get; init; } = FormatId;

    public required string Protocol { get; init; }

    public required string Qubit { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public DateTimeOffset? FinishedUtc { get; init; }

    /// <summary>False when the acquisition stopped early: the sequences are those taken.</summary>
    public required bool Complete { get; init; }

    /// <summary>Seed of the sequence draw and of the bootstrap.</summary>
    public required int Seed { get; init; }

    /// <summary>Name of the interleaved gate (X90, ...) for interleaved RB, null for standard RB.</summary>
    public string? InterleavedGate { get; init; }

    /// <summary>Protocol settings (shots, lengths, pulse calibration, sample rate...), SI units.</summary>
    public required IReadOnlyDictionary<string, double> Settings { get; init; }

    /// <summary>Instrument identities at the time of the measurement, by station name.</summary>
    public required IReadOnlyDictionary<string, string> Instruments { get; init; }

    public ReadoutReference? Reference { get; init; }

    public required IReadOnlyList<RbSequenceRecord> Sequences { get; init; }

    /// <summary>Shots file (CSV, one row per shot; its point column is <see cref="RbSequenceRecord.Point"/>) relative to this file's folder.</summary>
    public required string ShotsFile { get; init; }
}

/// <summary>
/// One played sequence. <see cref="Cliffords"/> are the random Cliffords (indices into the
/// one-qubit Clifford table of QDeviceLab.Analysis), in time order; the interleaved gate, when
/// <see cref="Interleaved"/>, followed each of them; <see cref="Recovery"/> came last.
/// </summary>
public sealed record RbSequenceRecord(
    int Point,
    int Length,
    bool Interleaved,
    IReadOnlyList<int> Cliffords,
    int Recovery,
    int Survived,
    int Shots,
    double Duration);
