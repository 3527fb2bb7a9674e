using System.Globalization;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.OxfordInstruments;

/// <summary>
/// Oxford Instruments Triton dilution-refrigerator controller over its TCP text protocol (port 33576,
/// <c>TCPIP0::host::33576::SOCKET</c>; instruments/models/oxford-triton.md). Not SCPI: every command
/// is <c>READ:&lt;noun&gt;</c> answered by <c>STAT:&lt;noun&gt;:&lt;value&gt;</c>, case-sensitive, and
/// mistakes are answered in words (<c>INVALID</c>, <c>NOT_FOUND</c>) instead of an error queue; they
/// surface here as <see cref="InstrumentErrorException"/> with code 0 and the instrument's answer.
/// Thermometers are named <c>T1</c>..<c>T16</c>.
/// </summary>
public sealed class OxfordInstrumentsTriton : ScpiInstrument, ITemperatureMonitor
{
    public OxfordInstrumentsTriton(string name, IMessageSession session) : base(name, session)
    {
    }

    /// <summary><c>IDN:OXFORD INSTRUMENTS:&lt;model&gt;:&lt;serial&gt;:&lt;firmware&gt;</c>, colon-separated after the IDN tag.</summary>
    protected override InstrumentIdentity ParseIdentity(string answer)
    {
        var trimmed = answer.Trim();
        var fields = trimmed.Split(':', 5, StringSplitOptions.TrimEntries);
        if (fields.Length < 2 || fields[0] != "IDN")
        {
            throw new InstrumentIOException(Resource, "*IDN?", $"expected 'IDN:<maker>:<model>:<serial>:<firmware>' but the controller answered '{Shorten(trimmed)}'", isTransient: false);
        }

        string Field(int i) => i < fields.Length ? fields[i] : "";
        return new InstrumentIdentity(Field(1), Field(2), Field(3), Field(4)) { Raw = trimmed };
    }

    /// <summary>Reads thermometer <paramref name="channel"/> (<c>T8</c>, or just <c>8</c>) in kelvin.</summary>
    public async Task<double> ReadTemperatureAsync(string channel, CancellationToken cancellationToken = default)
    {
        var noun = $"DEV:{NormalizeChannel(channel)}:TEMP:SIG:TEMP";
        var value = await ReadAsync(noun, cancellationToken).ConfigureAwait(false);
        if (!value.EndsWith('K')
            || !double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var kelvin)
            || !double.IsFinite(kelvin) || kelvin < 0)
        {
            throw new InstrumentIOException(Resource, "READ:" + noun, $"expected a temperature like '0.012345K' but the controller answered '{Shorten(value)}'", isTransient: false);
        }

        return kelvin;
    }

    /// <summary>The fridge's status word (<c>READ:SYS:DR:STATUS</c>), e.g. <c>OK</c>.</summary>
    public Task<string> ReadStatusAsync(CancellationToken cancellationToken = default) => ReadAsync("SYS:DR:STATUS", cancellationToken);

    /// <summary>Which thermometer the controller uses for the mixing chamber (<c>READ:SYS:DR:CHAN:MC</c>), e.g. <c>T8</c>.</summary>
    public Task<string> ReadMixingChamberChannelAsync(CancellationToken cancellationToken = default) => ReadAsync("SYS:DR:CHAN:MC", cancellationToken);

    /// <summary>Accepts <c>T8</c>, <c>t8</c> or <c>8</c> for thermometers 1-16.</summary>
    public static string NormalizeChannel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var trimmed = channel.Trim();
        var digits = trimmed.StartsWith('T') || trimmed.StartsWith('t') ? trimmed[1..] : trimmed;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 16)
        {
            return "T" + number.ToString(CultureInfo.InvariantCulture);
        }

        throw new ArgumentException($"'{channel}' is not a Triton thermometer: expected T1-T16", nameof(channel));
    }

    /// <summary>Sends <c>READ:&lt;noun&gt;</c> and returns what follows <c>STAT:&lt;noun&gt;:</c> in the answer.</summary>
    private async Task<string> ReadAsync(string noun, CancellationToken cancellationToken)
    {
        var command = "READ:" + noun;
        var answer = (await QueryAsync(command, cancellationToken).ConfigureAwait(false)).Trim();
        var prefix = "STAT:" + noun + ":";
        if (answer.EndsWith(":INVALID", StringComparison.Ordinal) || answer.EndsWith(":NOT_FOUND", StringComparison.Ordinal)
            || answer.EndsWith(":N/A", StringComparison.Ordinal) || answer.EndsWith(":DENIED", StringComparison.Ordinal))
        {
            throw new InstrumentErrorException(Resource, command, 0, Shorten(answer));
        }

        if (!answer.StartsWith(prefix, StringComparison.Ordinal) || answer.Length == prefix.Length)
        {
            throw new InstrumentIOException(Resource, command, $"expected '{prefix}<value>' but the controller answered '{Shorten(answer)}'", isTransient: false);
        }

        return answer[prefix.Length..];
    }
}
