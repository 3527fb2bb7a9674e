namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// The Lake Shore 372's scanner: one measurement input is connected at a time. After the scanner
/// switches to an input, the reading settles for the input's pause time; from then on, for as long
/// as the scanner stays there, every reading is fresh. Every other input answers the reading it had
/// when the scanner last left it. With autoscan on, the scanner moves on to the next enabled input
/// after pause + dwell. A pure function of emulated time: the caller passes "now".
/// </summary>
internal sealed class LakeShore372Scanner
{
    public const double MinDwell = 1;
    public const double MaxDwell = 200;
    public const double MinPause = 3;
    public const double MaxPause = 200;
    public const double DefaultDwell = 10;
    public const double DefaultPause = 3;

    private readonly InputSetup[] _inputs = new InputSetup[LakeShore372Emulator.Channels + 1];

    /// <param name="parkedOn">The input the scanner sits on, settled, when the station starts.</param>
    public LakeShore372Scanner(int parkedOn)
    {
        for (int i = 1; i <= LakeShore372Emulator.Channels; i++)
        {
            _inputs[i] = new InputSetup(true, DefaultDwell, DefaultPause);
        }

        Input = parkedOn;
        SwitchedAt = -DefaultPause; // parked before the station started: already settled
    }

    /// <summary>The input the scanner is on (1..16).</summary>
    public int Input { get; private set; }

    public bool Autoscan { get; private set; }

    /// <summary>Emulated time the scanner arrived at <see cref="Input"/>.</summary>
    public double SwitchedAt { get; private set; }

    public InputSetup Setup(int input) => _inputs[input];

    /// <summary><c>INSET</c>: enable or disable an input and set its dwell and pause times (seconds).</summary>
    public void Configure(int input, InputSetup setup) => _inputs[input] = setup;

    /// <summary>
    /// <c>SCAN input,autoscan</c> at <paramref name="now"/>. <paramref name="leaving"/> is called
    /// with the input and time whenever the scanner leaves a settled input, so it can keep its last reading.
    /// </summary>
    public void Scan(int input, bool autoscan, double now, Action<int, double> leaving)
    {
        CatchUp(now, leaving);
        if (input != Input)
        {
            if (IsSettled(now))
            {
                leaving(Input, now);
            }

            Input = input;
            SwitchedAt = now;
        }

        Autoscan = autoscan;
    }

    /// <summary>Advances autoscan to <paramref name="now"/>, reporting every settled input it leaves.</summary>
    public void CatchUp(double now, Action<int, double> leaving)
    {
        if (!Autoscan || !_inputs.Skip(1).Any(s => s.Enabled))
        {
            return;
        }

        // Whole cycles in between change nothing but the time each input was last left: skip them.
        double cycle = _inputs.Skip(1).Where(s => s.Enabled).Sum(s => s.Pause + s.Dwell);
        double visit = _inputs[Input].Pause + _inputs[Input].Dwell;
        if (_inputs[Input].Enabled && now - SwitchedAt > visit + 2 * cycle)
        {
            SwitchedAt += Math.Floor((now - SwitchedAt - visit - cycle) / cycle) * cycle;
        }

        while (now >= SwitchedAt + _inputs[Input].Pause + _inputs[Input].Dwell)
        {
            double left = SwitchedAt + _inputs[Input].Pause + _inputs[Input].Dwell;
            leaving(Input, left);
            Input = NextEnabled(Input);
            SwitchedAt = left;
        }
    }

    /// <summary>Whether the reading of the scanned input has settled at <paramref name="now"/>.</summary>
    public bool IsSettled(double now) => now - SwitchedAt >= _inputs[Input].Pause;

    private int NextEnabled(int from)
    {
        for (int k = 1; k <= LakeShore372Emulator.Channels; k++)
        {
            int candidate = (from - 1 + k) % LakeShore372Emulator.Channels + 1;
            if (_inputs[candidate].Enabled)
            {
                return candidate;
            }
        }

        return from;
    }
}

/// <summary>One input's scanner setup (<c>INSET</c>): enabled, dwell and pause in seconds, curve number and temperature coefficient.</summary>
internal readonly record struct InputSetup(bool Enabled, double Dwell, double Pause, int Curve = 0, int TempCo = 1);
