using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.LakeShore;

/// <summary>
/// Lake Shore Model 372 AC resistance bridge. Its command set is IEEE 488.2-style but not SCPI:
/// there is no <c>SYSTem:ERRor?</c>, and readings come back as <c>+1.23456E-02</c>.
/// Channels are 1-16 plus the control input <c>A</c>. Works over TCP port 7777
/// (<c>TCPIP0::host::7777::SOCKET</c>) and over its USB serial port (<c>ASRL...::INSTR</c>, 9600 7O1 by
/// default, see docs/station-file.md); both frame messages with CR LF.
/// </summary>
public sealed class LakeShoreModel372 : ScpiInstrument, ITemperatureMonitor
{
    public LakeShoreModel372(string name, IMessageSession session) : base(name, session)
    {
    }

    public Task<double> ReadTemperatureAsync(string channel, CancellationToken cancellationToken = default) =>
        ReadNumberAsync($"KRDG? {NormalizeChannel(channel)}", "a temperature in kelvin", cancellationToken);

    /// <summary>Reads the sensor resistance of an input (<c>RDGR?</c>), in ohms.</summary>
    public Task<double> ReadResistanceAsync(string channel, CancellationToken cancellationToken = default) =>
        ReadNumberAsync($"RDGR? {NormalizeChannel(channel)}", "a resistance in ohms", cancellationToken);

    /// <summary>
    /// Points the scanner at <paramref name="input"/> (1-16), with or without autoscan (<c>SCAN</c>).
    /// Only the scanned input reads fresh, and only after its pause time; the others keep the
    /// reading they had when the scanner left them.
    /// </summary>
    public async Task ScanAsync(int input, bool autoscan, CancellationToken cancellationToken = default)
    {
        var command = $"SCAN {ScannerInput(input)},{(autoscan ? 1 : 0)}";
        await WriteAsync(command, cancellationToken).ConfigureAwait(false);
        var (scanned, _) = await GetScanAsync(cancellationToken).ConfigureAwait(false);
        if (!autoscan && scanned != input)
        {
            throw new InstrumentIOException(Resource, command, $"the scanner stayed on input {scanned}", isTransient: false);
        }
    }

    /// <summary>The scanned input and whether autoscan is on (<c>SCAN?</c> -> <c>nn,b</c>).</summary>
    public async Task<(int Input, bool Autoscan)> GetScanAsync(CancellationToken cancellationToken = default)
    {
        const string command = "SCAN?";
        var answer = (await QueryAsync(command, cancellationToken).ConfigureAwait(false)).Trim();
        var fields = answer.Split(',');
        if (fields.Length == 2
            && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var input) && input is >= 1 and <= 16
            && fields[1] is "0" or "1")
        {
            return (input, fields[1] == "1");
        }

        throw new InstrumentIOException(Resource, command, $"expected '<input>,<autoscan>' but the bridge answered '{Shorten(answer)}'", isTransient: false);
    }

    /// <summary>
    /// Enables or disables an input for the scanner and sets its dwell (1-200 s) and pause (3-200 s)
    /// times (<c>INSET</c>), keeping its curve and temperature coefficient.
    /// </summary>
    public async Task SetScanTimesAsync(int input, bool enabled, int dwellSeconds, int pauseSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dwellSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dwellSeconds, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(pauseSeconds, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pauseSeconds, 200);
        var query = $"INSET? {ScannerInput(input)}";
        var answer = (await QueryAsync(query, cancellationToken).ConfigureAwait(false)).Trim();
        var fields = answer.Split(',');
        if (fields.Length != 5 || !fields.All(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new InstrumentIOException(Resource, query, $"expected '<enabled>,<dwell>,<pause>,<curve>,<tempco>' but the bridge answered '{Shorten(answer)}'", isTransient: false);
        }

        await WriteAsync($"INSET {input},{(enabled ? 1 : 0)},{dwellSeconds},{pauseSeconds},{fields[3]},{fields[4]}", cancellationToken).ConfigureAwait(false);
    }

    private static int ScannerInput(int input) =>
        input is >= 1 and <= 16 ? input : throw new ArgumentOutOfRangeException(nameof(input), input, "the Lake Shore 372 scanner has inputs 1-16");

    private async Task<double> ReadNumberAsync(string command, string what, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(command, cancellationToken).ConfigureAwait(false);
        if (!double.TryParse(answer.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            throw new InstrumentIOException(Resource, command, $"expected {what} but the bridge answered '{Shorten(answer)}'", isTransient: false);
        }

        return value;
    }

    /// <summary>Accepts "6", "06" or "A"; anything else is a station-file mistake.</summary>
    public static string NormalizeChannel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var trimmed = channel.Trim();
        if (trimmed.Equals("A", StringComparison.OrdinalIgnoreCase))
        {
            return "A";
        }

        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 16)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        throw new ArgumentException($"'{channel}' is not a Lake Shore 372 input: expected 1-16 or A", nameof(channel));
    }
}
