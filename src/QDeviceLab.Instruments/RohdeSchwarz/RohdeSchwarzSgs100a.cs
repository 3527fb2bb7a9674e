using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.RohdeSchwarz;

/// <summary>
/// Station-file settings of a microwave source, applied when the station opens; a null setting
/// leaves the instrument as it is.
/// </summary>
/// <param name="Frequency">Hz.</param>
/// <param name="Power">dBm.</param>
/// <param name="Output">RF output on (true) or off.</param>
public sealed record MicrowaveSourceSettings(double? Frequency, double? Power, bool? Output)
{
    public static readonly MicrowaveSourceSettings None = new(null, null, null);

    /// <summary>From an instrument entry's <c>settings:</c> (<c>frequency</c>, <c>power</c>, <c>output</c> 1/0).</summary>
    public static MicrowaveSourceSettings From(IReadOnlyDictionary<string, double> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MicrowaveSourceSettings(
            settings.TryGetValue("frequency", out var f) ? f : null,
            settings.TryGetValue("power", out var p) ? p : null,
            settings.TryGetValue("output", out var o) ? o != 0 : null);
    }
}

/// <summary>
/// Rohde &amp; Schwarz SGS100A SGMA RF source (instruments/models/rohde-schwarz-sgs100a.md), SCPI:
/// <c>SOURce:FREQuency:CW</c>, <c>SOURce:POWer:LEVel:IMMediate:AMPLitude</c>, <c>OUTPut:STATe</c>.
/// Every setting is followed by an error-queue check, so a value the source refuses (-222) fails
/// where it was sent instead of leaving a stale LO behind.
/// </summary>
public sealed class RohdeSchwarzSgs100a : ScpiInstrument, IMicrowaveSource
{
    private const string FrequencyCommand = "SOURce:FREQuency:CW";
    private const string PowerCommand = "SOURce:POWer:LEVel:IMMediate:AMPLitude";
    private const string OutputCommand = "OUTPut:STATe";

    private readonly MicrowaveSourceSettings _settings;

    public RohdeSchwarzSgs100a(string name, IMessageSession session, MicrowaveSourceSettings settings) : base(name, session)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    protected override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WriteAsync("*CLS", cancellationToken).ConfigureAwait(false);
        if (_settings.Frequency is { } f)
        {
            await SetFrequencyAsync(f, cancellationToken).ConfigureAwait(false);
        }

        if (_settings.Power is { } p)
        {
            await SetPowerAsync(p, cancellationToken).ConfigureAwait(false);
        }

        if (_settings.Output is { } on)
        {
            await SetOutputAsync(on, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<double> GetFrequencyAsync(CancellationToken cancellationToken = default) =>
        QueryDoubleAsync(FrequencyCommand + "?", cancellationToken);

    public Task SetFrequencyAsync(double hertz, CancellationToken cancellationToken = default) =>
        SetAsync($"{FrequencyCommand} {Number(Finite(hertz, nameof(hertz)))}", cancellationToken);

    public Task<double> GetPowerAsync(CancellationToken cancellationToken = default) =>
        QueryDoubleAsync(PowerCommand + "?", cancellationToken);

    public Task SetPowerAsync(double dbm, CancellationToken cancellationToken = default) =>
        SetAsync($"{PowerCommand} {Number(Finite(dbm, nameof(dbm)))}", cancellationToken);

    public async Task<bool> GetOutputAsync(CancellationToken cancellationToken = default) =>
        await QueryIntAsync(OutputCommand + "?", cancellationToken).ConfigureAwait(false) != 0;

    public Task SetOutputAsync(bool enabled, CancellationToken cancellationToken = default) =>
        SetAsync($"{OutputCommand} {(enabled ? "ON" : "OFF")}", cancellationToken);

    private async Task SetAsync(string command, CancellationToken cancellationToken)
    {
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "expected a finite number");
}
