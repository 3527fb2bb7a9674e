namespace QDeviceLab.Instruments.Capabilities;

/// <summary>
/// A readout digitizer that integrates each shot's readout signal into one IQ point.
/// Arm, let the AWG trigger it, wait for completion, fetch.
/// </summary>
public interface IDigitizer : IInstrument
{
    /// <summary>Arms an acquisition of <paramref name="shots"/> triggered shots on every channel.</summary>
    Task ArmAsync(int shots, CancellationToken cancellationToken = default);

    /// <summary>Returns once the armed acquisition is complete.</summary>
    Task WaitForAcquisitionAsync(CancellationToken cancellationToken = default);

    /// <summary>Fetches the integrated IQ point of every shot on a channel (volts).</summary>
    Task<IqShots> FetchIqAsync(int channel, CancellationToken cancellationToken = default);
}

/// <summary>Integrated IQ points of consecutive shots, in volts.</summary>
public sealed class IqShots
{
    public IqShots(float[] inPhase, float[] quadrature)
    {
        ArgumentNullException.ThrowIfNull(inPhase);
        ArgumentNullException.ThrowIfNull(quadrature);
        if (inPhase.Length != quadrature.Length)
        {
            throw new ArgumentException($"I has {inPhase.Length} points but Q has {quadrature.Length}", nameof(quadrature));
        }

        InPhase = inPhase;
        Quadrature = quadrature;
    }

    public float[] InPhase { get; }

    public float[] Quadrature { get; }

    public int Count => InPhase.Length;
}
