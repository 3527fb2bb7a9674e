namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// Single-shot readout of prepared basis states: per prepared state, how many shots were taken
/// and how many were assigned to |1>, with the discriminator that assigned them. The counts are
/// all a re-fit needs; the IQ points themselves sit beside it in a CSV file (third column: the
/// prepared state) for anyone who wants to re-discriminate.
/// </summary>
public sealed record SingleShotData : IRawDataSummary
{
    public const string FormatId = "qdevicelab.raw.single-shot/1";

    public string Format { get; init; } = FormatId;

    public required string Protocol { get; init; }

    public required string Qubit { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public DateTimeOffset? FinishedUtc { get; init; }

    public required bool Complete { get; init; }

    /// <summary>Protocol settings (shots per state, pi pulse, sample rate...), SI units.</summary>
    public required IReadOnlyDictionary<string, double> Settings { get; init; }

    /// <summary>Instrument identities at the time of the measurement, by station name.</summary>
    public required IReadOnlyDictionary<string, string> Instruments { get; init; }

    /// <summary>Cloud centres of the discriminator (midpoint threshold on the line joining them).</summary>
    public ReadoutReference? Reference { get; init; }

    /// <summary>One entry per prepared state, |0> first.</summary>
    public required IReadOnlyList<PreparedStateCounts> Prepared { get; init; }

    public required string ShotsFile { get; init; }
}

/// <summary>Shots taken with the qubit prepared in <paramref name="State"/> (0 or 1) and how many were assigned to |1>.</summary>
public sealed record PreparedStateCounts(int State, int AssignedExcited, int Shots)
{
    public int AssignedGround => Shots - AssignedExcited;
}
