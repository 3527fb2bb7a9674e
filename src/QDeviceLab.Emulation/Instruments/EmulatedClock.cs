namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Emulated laboratory time, shared by the instruments of one station. It advances by
/// <see cref="SecondsPerMessage"/> for every program message any instrument executes and by the
/// duration of every acquisition (each shot: the played waveform plus <see cref="SecondsPerShot"/>
/// of readout and reset), so drift and excursions depend on the commands received, never on
/// thread timing or the speed of the machine.
/// </summary>
internal sealed class EmulatedClock
{
    public const double SecondsPerMessage = 1e-3;
    public const double SecondsPerShot = 100e-6;

    /// <summary>Seconds since the station started.</summary>
    public double Now { get; private set; }

    /// <summary>Program messages executed so far, all instruments together.</summary>
    public long Messages { get; private set; }

    public void OnMessage()
    {
        Messages++;
        Now += SecondsPerMessage;
    }

    public void Advance(double seconds)
    {
        if (seconds > 0)
        {
            Now += seconds;
        }
    }
}
