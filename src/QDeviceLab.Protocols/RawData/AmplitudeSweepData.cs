namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// Everything measured in one drive-amplitude sweep (Rabi), enough to redo the fit offline: the
/// settings, the readout references and, per amplitude, the excited-state counts. The shots sit
/// beside it in a CSV file whose third column is the peak amplitude in volts.
/// </summary>
public sealed record AmplitudeSweepData : IRawDataSummary
{
    public const string FormatId = "qdevicelab.raw.amplitude-sweep/1";

    public string Format { get; init; } = FormatId;

    public required string Protocol { get; init; }

    public required string Qubit { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public DateTimeOffset? FinishedUtc { get; init; }

    public required bool Complete { get; init; }

    /// <summary>Protocol settings (shots, pulse duration, sample rate...), SI units.</summary>
    public required IReadOnlyDictionary<string, double> Settings { get; init; }

    /// <summary>Instrument identities at the time of the measurement, by station name.</summary>
    public required IReadOnlyDictionary<string, string> Instruments { get; init; }

    public ReadoutReference? Reference { get; init; }

    public required IReadOnlyList<AmplitudePoint> Points { get; init; }

    public required string ShotsFile { get; init; }
}

/// <summary>One amplitude of the sweep: the peak drive amplitude played (V) and how many shots read |1>.</summary>
public sealed record AmplitudePoint(double Amplitude, int Excited, int Shots)
{
    public double ExcitedFraction => (double)Excited / Shots;
}
