using System.Diagnostics;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>How emulated acquisitions relate to the wall clock (station file <c>emulator.clock</c>).</summary>
internal enum ClockMode
{
    /// <summary>As fast as the machine computes: an acquisition costs only its computation.</summary>
    Fast,

    /// <summary>Device time: an acquisition also takes shots x repetition time of wall time, as on the real station.</summary>
    Realtime,
}

/// <summary>
/// Emulated laboratory time, shared by the instruments of one station. It advances by
/// <see cref="SecondsPerMessage"/> for every program message any instrument executes and by the
/// duration of every acquisition (each shot: the played waveform plus <see cref="SecondsPerShot"/>
/// of readout and reset), so drift and excursions depend on the commands received, never on
/// thread timing or the speed of the machine. In <see cref="ClockMode.Realtime"/> an acquisition
/// also blocks for its device time of wall time (the station is busy meanwhile: the instruments
/// share one lock); emulated time itself stays the same in both modes, so results are identical.
/// </summary>
internal sealed class EmulatedClock
{
    public const double SecondsPerMessage = 1e-3;
    public const double SecondsPerShot = 100e-6;

    public ClockMode Mode { get; set; } = ClockMode.Fast;

    /// <summary>Seconds since the station started.</summary>
    public double Now { get; private set; }

    /// <summary>Program messages executed so far, all instruments together.</summary>
    public long Messages { get; private set; }

    public void OnMessage()
    {
        Messages++;
        Now += SecondsPerMessage;
    }

    /// <summary>An acquisition of <paramref name="seconds"/> of device time (in realtime mode: that long on the wall clock too).</summary>
    public void Advance(double seconds)
    {
        if (seconds > 0)
        {
            Now += seconds;
            if (Mode == ClockMode.Realtime)
            {
                WaitWallTime(seconds);
            }
        }
    }

    /// <summary>Blocks for at least <paramref name="seconds"/>: sleeps, then checks the monotonic clock, since a sleep may end early.</summary>
    private static void WaitWallTime(double seconds)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            double left = seconds - Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (left <= 0)
            {
                return;
            }

            Thread.Sleep(TimeSpan.FromSeconds(Math.Max(left, 1e-4)));
        }
    }
}
