namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Walks one line's <see cref="DriveProgram"/> as runs of equal (V_I, V_Q) on a common sample grid,
/// without expanding it: a segment that holds one value is one run however often it repeats. Lines of a
/// coupled pair may sit on AWGs with different sample rates; a line whose samples are
/// <c>sourceInterval</c> long is held on the grid of <c>gridInterval</c> (grid sample k shows the source
/// sample playing at time k dt). After the program ends the line reads 0 V.
/// </summary>
internal sealed class DriveRunCursor
{
    private readonly DriveProgram? _program;
    private readonly double _ratio;
    private int _segment;
    private long _repeat;
    private int _index;
    private long _sourcePosition;

    public DriveRunCursor(DriveProgram? program, double sourceInterval, double gridInterval)
    {
        _program = program;
        _ratio = sourceInterval / gridInterval;
        Next();
    }

    public double VoltsI { get; private set; }

    public double VoltsQ { get; private set; }

    /// <summary>Grid samples left in the current run; 0 once the program has ended.</summary>
    public long Remaining { get; private set; }

    public bool Ended => Remaining == 0;

    /// <summary>Moves on by <paramref name="samples"/> grid samples (at most <see cref="Remaining"/>).</summary>
    public void Advance(long samples)
    {
        Remaining -= samples;
        if (Remaining == 0)
        {
            Next();
        }
    }

    private void Next()
    {
        VoltsI = 0;
        VoltsQ = 0;
        Remaining = 0;
        if (_program is null)
        {
            return;
        }

        while (_segment < _program.Segments.Count)
        {
            var seg = _program.Segments[_segment];
            var samples = seg.Samples;
            if (_repeat >= seg.Repeats || samples.Length == 0)
            {
                _segment++;
                _repeat = 0;
                _index = 0;
                continue;
            }

            var (vi, vq) = samples.At(_index);
            int end = _index + 1;
            while (end < samples.Length && samples.At(end) == (vi, vq))
            {
                end++;
            }

            long sourceSamples = end - _index;
            if (_index == 0 && end == samples.Length)
            {
                // One value all through the segment: every remaining repeat joins the run.
                sourceSamples *= seg.Repeats - _repeat;
                _repeat = seg.Repeats;
                _index = 0;
            }
            else if (end == samples.Length)
            {
                _repeat++;
                _index = 0;
            }
            else
            {
                _index = end;
            }

            long start = _sourcePosition;
            _sourcePosition += sourceSamples;
            long grid = ToGrid(_sourcePosition) - ToGrid(start);
            if (grid > 0)
            {
                VoltsI = vi;
                VoltsQ = vq;
                Remaining = grid;
                return;
            }
        }
    }

    private long ToGrid(long sourceSamples) =>
        _ratio == 1 ? sourceSamples : (long)Math.Ceiling(sourceSamples * _ratio - 1e-9);
}
