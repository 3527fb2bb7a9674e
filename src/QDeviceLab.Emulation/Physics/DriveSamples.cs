namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The volts a qubit sees at each sample: two AWG channels' float samples times their
/// volts-per-unit scale. A missing channel contributes 0 V; the shorter channel is padded with zeros.
/// </summary>
internal readonly struct DriveSamples
{
    private readonly float[]? _i;
    private readonly float[]? _q;
    private readonly double _scaleI;
    private readonly double _scaleQ;

    public DriveSamples(float[]? i, double voltsPerUnitI, float[]? q, double voltsPerUnitQ)
    {
        _i = i;
        _q = q;
        _scaleI = voltsPerUnitI;
        _scaleQ = voltsPerUnitQ;
        Length = Math.Max(i?.Length ?? 0, q?.Length ?? 0);
    }

    public int Length { get; }

    /// <summary>
    /// Identifies the samples by array identity and scale: within one play (under the device lock)
    /// the same identity means the same volts, so a repeated segment is composed once.
    /// </summary>
    public (float[]? I, float[]? Q, double ScaleI, double ScaleQ) Identity => (_i, _q, _scaleI, _scaleQ);

    public (double I, double Q) At(int index)
    {
        double vi = _i is not null && index < _i.Length ? _i[index] * _scaleI : 0.0;
        double vq = _q is not null && index < _q.Length ? _q[index] * _scaleQ : 0.0;
        return (vi, vq);
    }
}

/// <summary>One step of a played sequence: samples played <see cref="Repeats"/> times back to back.</summary>
internal readonly record struct DriveSegment(DriveSamples Samples, long Repeats);

/// <summary>
/// What a qubit's drive plays in one shot: segments back to back (one segment for a plain
/// waveform, one per visited step for an AWG sequence).
/// </summary>
internal sealed class DriveProgram
{
    public DriveProgram(IReadOnlyList<DriveSegment> segments)
    {
        Segments = segments;
        long samples = 0;
        foreach (var s in segments)
        {
            samples = checked(samples + s.Samples.Length * s.Repeats);
        }

        Samples = samples;
    }

    public IReadOnlyList<DriveSegment> Segments { get; }

    /// <summary>Total samples played, repeats expanded.</summary>
    public long Samples { get; }

    public static DriveProgram Single(DriveSamples samples) => new([new DriveSegment(samples, 1)]);
}
