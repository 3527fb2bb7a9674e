using System.Globalization;
using System.Numerics;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.QDeviceLab;

/// <summary>The DIG-IQ4's record, integration weights and averaged traces (<see cref="ITraceDigitizer"/>).</summary>
public sealed partial class QDeviceLabDigIq4 : ITraceDigitizer
{
    public const int MinRecordPoints = 16;

    public const int MaxRecordPoints = 16_384;

    /// <summary>The record length after <c>*RST</c>: 2 us at 1 GS/s.</summary>
    public const int DefaultRecordPoints = 2_000;

    public double RecordSampleRate => 1e9;

    /// <summary>Record length as last set through this driver (the instrument's default until then).</summary>
    public int RecordPoints { get; private set; } = DefaultRecordPoints;

    public async Task SetRecordLengthAsync(int points, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, MinRecordPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, MaxRecordPoints);
        var command = $"ACQuire:POINts {points}";
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
        RecordPoints = points;
    }

    public async Task SetModeAsync(DigitizerMode mode, CancellationToken cancellationToken = default)
    {
        var command = mode switch
        {
            DigitizerMode.IntegratedIq => "ACQuire:MODE IQ",
            DigitizerMode.AveragedTrace => "ACQuire:MODE TRACe",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown digitizer mode"),
        };
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetIntegrationWeightsAsync(int channel, ReadOnlyMemory<Complex> weights, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        if (weights.Length != RecordPoints)
        {
            throw new ArgumentException($"{Name} needs one weight per record sample: {RecordPoints}, got {weights.Length}", nameof(weights));
        }

        var pairs = new float[2 * weights.Length];
        var span = weights.Span;
        for (var k = 0; k < span.Length; k++)
        {
            if (!double.IsFinite(span[k].Real) || !double.IsFinite(span[k].Imaginary))
            {
                throw new ArgumentException($"weight {k} is not finite", nameof(weights));
            }

            pairs[2 * k] = (float)span[k].Real;
            pairs[2 * k + 1] = (float)span[k].Imaginary;
        }

        var prefix = $"INTegration{channel}:WEIGhts ";
        await Session.WriteBlockAsync(prefix, new ReadOnlyMemory<float>(pairs), ByteOrder.LittleEndian, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(prefix + "<block>", cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearIntegrationWeightsAsync(int channel, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        var command = $"INTegration{channel}:WEIGhts:CLEar";
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IqTrace> FetchAveragedTraceAsync(int channel, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        var command = $"FETCh:TRACe? {channel}";
        var pairs = await Session.QueryBlockAsync<float>(command, ByteOrder.LittleEndian, 2L * MaxRecordPoints * sizeof(float), cancellationToken).ConfigureAwait(false);
        if (pairs.Length == 0)
        {
            await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (pairs.Length != 2 * RecordPoints)
        {
            throw new InstrumentIOException(Resource, command, string.Create(CultureInfo.InvariantCulture, $"expected {RecordPoints} IQ samples but received {pairs.Length / 2.0}"), isTransient: false);
        }

        var inPhase = new float[RecordPoints];
        var quadrature = new float[RecordPoints];
        for (var k = 0; k < RecordPoints; k++)
        {
            inPhase[k] = pairs[2 * k];
            quadrature[k] = pairs[2 * k + 1];
        }

        return new IqTrace(inPhase, quadrature, RecordSampleRate);
    }

    private void CheckChannel(int channel)
    {
        if (channel < 1 || channel > ChannelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"{Name} has channels 1-{ChannelCount}");
        }
    }
}
