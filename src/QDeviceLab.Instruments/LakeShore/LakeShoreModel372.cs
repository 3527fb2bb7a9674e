using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.LakeShore;

/// <summary>
/// Lake Shore Model 372 AC resistance bridge. Its command set is IEEE 488.2-style but not SCPI:
/// there is no <c>SYSTem:ERRor?</c>, and readings come back as <c>+1.23456E-02</c>.
/// Channels are 1-16 plus the control input <c>A</c>.
/// </summary>
public sealed class LakeShoreModel372 : ScpiInstrument, ITemperatureMonitor
{
    public LakeShoreModel372(string name, IMessageSession session) : base(name, session)
    {
    }

    public async Task<double> ReadTemperatureAsync(string channel, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeChannel(channel);
        var command = $"KRDG? {normalized}";
        var answer = await QueryAsync(command, cancellationToken).ConfigureAwait(false);
        if (!double.TryParse(answer.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var kelvin) || !double.IsFinite(kelvin) || kelvin < 0)
        {
            throw new InstrumentIOException(Resource, command, $"expected a temperature in kelvin but the bridge answered '{Shorten(answer)}'", isTransient: false);
        }

        return kelvin;
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
