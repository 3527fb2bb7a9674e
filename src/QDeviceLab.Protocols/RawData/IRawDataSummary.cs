namespace QDeviceLab.Protocols.RawData;

/// <summary>
/// The fields every raw-data summary (<c>*.raw.json</c>) shares, whatever the protocol: what it
/// is, who wrote it, whether the acquisition finished, and where the individual shots are.
/// Format: docs/raw-data.md.
/// </summary>
public interface IRawDataSummary
{
    /// <summary>Format id with version, e.g. <c>qdevicelab.raw.delay-sweep/1</c>; selects the schema.</summary>
    string Format { get; }

    /// <summary>Protocol that wrote the file, e.g. <c>t1-inversion-recovery</c>; selects the fit.</summary>
    string Protocol { get; }

    string Qubit { get; }

    /// <summary>False when the acquisition stopped early: the summary holds what was taken.</summary>
    bool Complete { get; }

    /// <summary>Shots file (CSV, one row per shot) relative to the summary's folder.</summary>
    string ShotsFile { get; }
}
