using System.Buffers;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Tektronix;

/// <summary>
/// Tektronix AWG5200 series (AWG5202/5204/5208) driver, waveform-list mode, written from the
/// AWG5200 programmer manual: waveforms are float32 samples in -1..1 scaled by the channel's
/// peak-to-peak amplitude, uploaded as little-endian IEEE 488.2 definite blocks. Sequences
/// (<see cref="IAwgSequencer"/>, TektronixAwg5208.Sequencer.cs) use the sequence list:
/// <c>SLISt:SEQuence:NEW "seq",steps,tracks</c>, per step <c>SLISt:SEQuence:STEP&lt;n&gt;:TASSet&lt;t&gt;:WAVeform "seq","wfm"</c>,
/// <c>:RCOunt</c>, <c>:GOTO</c>, <c>:WINPut</c> (sequence name first), and <c>SOURce&lt;n&gt;:CASSet:SEQuence "seq",track</c>.
/// </summary>
public sealed partial class TektronixAwg5208 : ScpiInstrument, IAwgSequencer
{
    /// <summary>The manual's limit for one <c>WLISt:WAVeform:DATA</c> command.</summary>
    private const long MaxBytesPerDataCommand = 650_000_000;

    private readonly AwgSettings _settings;

    public TektronixAwg5208(string name, IMessageSession session, AwgSettings settings) : base(name, session)
    {
        _settings = settings;
        Channels = settings.Channels;
    }

    public int Channels { get; }

    public double SampleRate { get; private set; }

    public double FullScaleVolts { get; private set; }

    protected override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WriteAsync("*CLS", cancellationToken).ConfigureAwait(false);
        await WriteAsync("AWGControl:STOP:IMMediate", cancellationToken).ConfigureAwait(false);
        await WriteAsync($"CLOCk:SRATe {Number(_settings.SampleRate)}", cancellationToken).ConfigureAwait(false);
        for (var channel = 1; channel <= Channels; channel++)
        {
            await WriteAsync($"SOURce{channel}:VOLTage:AMPLitude {Number(_settings.AmplitudeVpp)}", cancellationToken).ConfigureAwait(false);
        }

        await ThrowOnInstrumentErrorAsync("AWG set-up (sample rate, amplitude)", cancellationToken).ConfigureAwait(false);
        SampleRate = await QueryDoubleAsync("CLOCk:SRATe?", cancellationToken).ConfigureAwait(false);
        FullScaleVolts = await QueryDoubleAsync("SOURce1:VOLTage:AMPLitude?", cancellationToken).ConfigureAwait(false) / 2;
    }

    public async Task UploadWaveformAsync(string name, ReadOnlyMemory<double> volts, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        if (volts.Length == 0)
        {
            throw new ArgumentException($"waveform '{name}' has no samples", nameof(volts));
        }

        if ((long)volts.Length * sizeof(float) > MaxBytesPerDataCommand)
        {
            throw new ArgumentException($"waveform '{name}' has {volts.Length} samples; one WLISt:WAVeform:DATA carries at most {MaxBytesPerDataCommand / sizeof(float)}", nameof(volts));
        }

        var samples = ArrayPool<float>.Shared.Rent(volts.Length);
        try
        {
            ToNormalizedSamples(name, volts.Span, samples.AsSpan(0, volts.Length));
            await WriteAsync($"WLISt:WAVeform:NEW \"{name}\",{volts.Length}", cancellationToken).ConfigureAwait(false);
            var command = $"WLISt:WAVeform:DATA \"{name}\",0,{volts.Length},";
            await Session.WriteBlockAsync(command, new ReadOnlyMemory<float>(samples, 0, volts.Length), ByteOrder.LittleEndian, cancellationToken).ConfigureAwait(false);
            await ThrowOnInstrumentErrorAsync(command + "#<block>", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(samples);
        }
    }

    private void ToNormalizedSamples(string name, ReadOnlySpan<double> volts, Span<float> samples)
    {
        var scale = 1.0 / FullScaleVolts;
        for (var i = 0; i < volts.Length; i++)
        {
            var sample = volts[i] * scale;
            if (!(Math.Abs(sample) <= 1.0))
            {
                throw new MeasurementException(
                    $"waveform '{name}' sample {i} is {volts[i]} V but {Name} reaches only ±{FullScaleVolts} V at its configured amplitude");
            }

            samples[i] = (float)sample;
        }
    }

    public async Task AssignWaveformAsync(int channel, string name, CancellationToken cancellationToken = default)
    {
        ValidateChannel(channel);
        ValidateName(name);
        var command = $"SOURce{channel}:CASSet:WAVeform \"{name}\"";
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetOutputAsync(int channel, bool enabled, CancellationToken cancellationToken = default)
    {
        ValidateChannel(channel);
        await WriteAsync($"OUTPut{channel}:STATe {(enabled ? "ON" : "OFF")}", cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync("AWGControl:RUN:IMMediate", cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync("AWGControl:RUN:IMMediate", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops playing and waits (<c>*OPC?</c>) until the AWG has: a digitizer armed next on another
    /// connection must never see this AWG still playing, or it triggers on the old waveform.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync("AWGControl:STOP:IMMediate", cancellationToken).ConfigureAwait(false);
        int done = await QueryIntAsync("*OPC?", cancellationToken).ConfigureAwait(false);
        if (done != 1)
        {
            throw new InstrumentIOException(Resource, "*OPC?", $"expected 1 after AWGControl:STOP but the AWG answered {done}", isTransient: false);
        }
    }

    public async Task DeleteAllWaveformsAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync("WLISt:WAVeform:DELete ALL", cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync("WLISt:WAVeform:DELete ALL", cancellationToken).ConfigureAwait(false);
    }

    private void ValidateChannel(int channel)
    {
        if (channel < 1 || channel > Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"{Name} has channels 1-{Channels}");
        }
    }

    private static void ValidateName(string name)
    {
        // Names travel inside a quoted SCPI string: a quote or line break would end the command early.
        if (string.IsNullOrEmpty(name) || name.Length > 256 || name.IndexOfAny(['"', '\'', '\n', '\r']) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a usable waveform name (1-256 characters, no quotes or line breaks)", nameof(name));
        }
    }
}

/// <summary>Set-up applied to an AWG when the station opens.</summary>
public sealed record AwgSettings(double SampleRate, double AmplitudeVpp, int Channels = 8);
