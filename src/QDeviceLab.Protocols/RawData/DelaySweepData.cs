namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// Everything measured in one delay sweep, enough to redo the fit offline: the settings, the
/// readout references and, per delay, the excited-state counts. Written to disk before fitting
/// (see <see cref="RawDataRecorder"/>); the individual shots sit beside it in a CSV file.
/// </summary>
public sealed record DelaySweepData : IRawDataSummary
{
    public const string FormatId = "qdevicelab.raw.delay-sweep/1";

    public string Format { get; init; } = FormatId;

    public required string Protocol { get; init; }

    public required string Qubit { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public DateTimeOffset? FinishedUtc { get; init; }

    /// <summary>False when the acquisition stopped early (link lost, cancelled): the points are what was taken.</summary>
    public required bool Complete { get; init; }

    /// <summary>Protocol settings (shots, detuning, pulse calibration, sample rate...), SI units.</summary>
    public required IReadOnlyDictionary<string, double> Settings { get; init; }

    /// <summary>Instrument identities at the time of the measurement, by station name.</summary>
    public required IReadOnlyDictionary<string, string> Instruments { get; init; }

    public ReadoutReference? Reference { get; init; }

    public required IReadOnlyList<DelayPoint> Points { get; init; }

    /// <summary>Shots file (CSV, one row per shot) relative to this file's folder.</summary>
    public required string ShotsFile { get; init; }

    /// <summary>The coupled pair measured, for a sweep that is one half of a pair protocol (static ZZ); else null.</summary>
    public string? Pair { get; init; }

    /// <summary>
    /// The summary of the other half of a two-sweep protocol (static ZZ: partner in |0> and in |1>),
    /// relative to this file's folder, so either file re-fits the metric; else null.
    /// </summary>
    public string? Companion { get; init; }
}

/// <summary>Centres of the |0> and |1> readout clouds and the assignment fidelity they imply.</summary>
public sealed record ReadoutReference(double GroundI, double GroundQ, double ExcitedI, double ExcitedQ, double AssignmentFidelity, int Shots);

/// <summary>One delay of the sweep: the delay actually played (s) and how many shots read |1>.</summary>
public sealed record DelayPoint(double Delay, int Excited, int Shots)
{
    public double ExcitedFraction => (double)Excited / Shots;
}
