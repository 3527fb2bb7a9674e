using QDeviceLab.Instruments.LakeShore;
using QDeviceLab.Instruments.OxfordInstruments;
using QDeviceLab.Instruments.QDeviceLab;
using QDeviceLab.Instruments.RohdeSchwarz;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Instruments.Tektronix;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Stations;

/// <summary>What an instrument is to the harness.</summary>
public enum InstrumentKind
{
    Awg,
    Digitizer,
    TemperatureMonitor,
    MicrowaveSource,
}

/// <summary>
/// The drivers QDeviceLab ships, by the model name a station file uses. One line per model:
/// adding a driver means adding it here.
/// </summary>
internal static class DriverCatalog
{
    private sealed record Entry(InstrumentKind Kind, int Channels, Func<InstrumentDefinition, IMessageSession, ScpiInstrument> Create);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Tektronix AWG5202"] = Awg(2),
        ["Tektronix AWG5204"] = Awg(4),
        ["Tektronix AWG5208"] = Awg(8),
        ["QDeviceLab DIG-IQ4"] = new(InstrumentKind.Digitizer, QDeviceLabDigIq4.ChannelCount, (d, s) => new QDeviceLabDigIq4(d.Name, s)),
        ["Lake Shore 372"] = new(InstrumentKind.TemperatureMonitor, 16, (d, s) => new LakeShoreModel372(d.Name, s)),
        ["Oxford Instruments Triton"] = new(InstrumentKind.TemperatureMonitor, 16, (d, s) => new OxfordInstrumentsTriton(d.Name, s)),
        ["Rohde & Schwarz SGS100A"] = new(InstrumentKind.MicrowaveSource, 1, (d, s) => new RohdeSchwarzSgs100a(d.Name, s, MicrowaveSourceSettings.From(d.Settings))),
    };

    public static IEnumerable<string> Models => Entries.Keys;

    public static bool IsKnown(string model) => Entries.ContainsKey(model);

    public static InstrumentKind KindOf(string model) => Entries[model].Kind;

    public static int ChannelCount(string model) => Entries[model].Channels;

    public static ScpiInstrument Create(InstrumentDefinition definition, IMessageSession session) =>
        Entries[definition.Model].Create(definition, session);

    private static Entry Awg(int channels) => new(
        InstrumentKind.Awg,
        channels,
        (d, s) => new TektronixAwg5208(d.Name, s, new AwgSettings(
            d.Settings.GetValueOrDefault("sample_rate", 1.0e9),
            d.Settings.GetValueOrDefault("amplitude_vpp", 1.0),
            channels)));
}
