namespace QDeviceLab.Instruments.Capabilities;

/// <summary>
/// An arbitrary waveform generator as protocols see it: named waveforms in volts, assigned to
/// channels, played repeatedly while running. Each play triggers the readout.
/// </summary>
public interface IAwg : IInstrument
{
    /// <summary>Sample rate in samples per second, as configured on the instrument.</summary>
    double SampleRate { get; }

    /// <summary>Largest output voltage magnitude (volts) a sample can reach at the configured amplitude.</summary>
    double FullScaleVolts { get; }

    /// <summary>Uploads a new waveform given in volts; the name must not be in use (see <see cref="DeleteAllWaveformsAsync"/>).</summary>
    Task UploadWaveformAsync(string name, ReadOnlyMemory<double> volts, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="channel"/> (1-based) play the named waveform.</summary>
    Task AssignWaveformAsync(int channel, string name, CancellationToken cancellationToken = default);

    /// <summary>Switches a channel's output on or off.</summary>
    Task SetOutputAsync(int channel, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Starts playing the assigned waveforms (and so triggering the digitizer).</summary>
    Task RunAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops playing; returns once the instrument has stopped, so other instruments see it stopped.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every user waveform, freeing waveform memory.</summary>
    Task DeleteAllWaveformsAsync(CancellationToken cancellationToken = default);
}
