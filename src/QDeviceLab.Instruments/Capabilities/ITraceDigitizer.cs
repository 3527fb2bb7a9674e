using System.Numerics;

namespace QDeviceLab.Instruments.Capabilities;

/// <summary>What a readout digitizer acquires on each trigger.</summary>
public enum DigitizerMode
{
    /// <summary>One integrated (I, Q) point per shot and channel, with the channel's integration weights.</summary>
    IntegratedIq,

    /// <summary>The demodulated time trace of the readout window, averaged over the shots.</summary>
    AveragedTrace,
}

/// <summary>
/// A readout digitizer that also shows what it integrates: the record (readout window) length,
/// per-channel integration weights, and averaged time traces. Calibrating optimal weights and
/// checking the resonator ring-up need it; plain single-shot protocols only need <see cref="IDigitizer"/>.
/// </summary>
public interface ITraceDigitizer : IDigitizer
{
    /// <summary>Samples per second of the record.</summary>
    double RecordSampleRate { get; }

    /// <summary>Sets the record length in samples; weights uploaded for another length are dropped.</summary>
    Task SetRecordLengthAsync(int points, CancellationToken cancellationToken = default);

    Task SetModeAsync(DigitizerMode mode, CancellationToken cancellationToken = default);

    /// <summary>Uploads complex weights w_k (one per record sample) for a channel: the integrated point is (1/N) sum w_k s_k.</summary>
    Task SetIntegrationWeightsAsync(int channel, ReadOnlyMemory<Complex> weights, CancellationToken cancellationToken = default);

    /// <summary>Back to unit (boxcar) weights.</summary>
    Task ClearIntegrationWeightsAsync(int channel, CancellationToken cancellationToken = default);

    /// <summary>Fetches the averaged trace of a channel from the last acquisition in <see cref="DigitizerMode.AveragedTrace"/>.</summary>
    Task<IqTrace> FetchAveragedTraceAsync(int channel, CancellationToken cancellationToken = default);
}

/// <summary>An averaged readout trace: I and Q in volts at <see cref="SampleRate"/>, from the start of the readout window.</summary>
public sealed class IqTrace
{
    public IqTrace(float[] inPhase, float[] quadrature, double sampleRate)
    {
        ArgumentNullException.ThrowIfNull(inPhase);
        ArgumentNullException.ThrowIfNull(quadrature);
        if (inPhase.Length != quadrature.Length)
        {
            throw new ArgumentException($"I has {inPhase.Length} samples but Q has {quadrature.Length}", nameof(quadrature));
        }

        InPhase = inPhase;
        Quadrature = quadrature;
        SampleRate = sampleRate;
    }

    public float[] InPhase { get; }

    public float[] Quadrature { get; }

    public double SampleRate { get; }

    public int Count => InPhase.Length;

    /// <summary>Time of sample <paramref name="index"/> from the start of the window, in seconds.</summary>
    public double TimeOf(int index) => index / SampleRate;
}
