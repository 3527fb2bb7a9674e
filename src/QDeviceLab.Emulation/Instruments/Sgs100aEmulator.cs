using System.Globalization;
using System.Text.RegularExpressions;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Rohde &amp; Schwarz SGS100A SGMA RF source (instruments/models/rohde-schwarz-sgs100a.md): CW
/// frequency, level and RF output. In the station it is the readout LO: what it outputs decides
/// whether, and how well, the digitizers it feeds see the readout resonators
/// (<see cref="EmulatedDevice.ReadoutSeenBy"/>).
/// </summary>
internal sealed partial class Sgs100aEmulator : ScpiInstrument
{
    /// <summary>1 MHz to 12.75 GHz: the SGS100A with its 12.75 GHz frequency option.</summary>
    public const double MinFrequency = 1e6;

    public const double MaxFrequency = 12.75e9;

    /// <summary>dBm; the low end needs the electronic step attenuator option, which the emulated unit has.</summary>
    public const double MinPower = -120;

    public const double MaxPower = 25;

    public const double ResetFrequency = 1e9;

    public const double ResetPower = -20;

    private readonly string _serial;

    public Sgs100aEmulator(EmulatedDevice device, string serial)
        : base(device.SyncRoot, device.Clock)
    {
        _serial = serial;
        Reset();
        AddErrorQueueCommands();
        Commands.Add(
            "[SOURce]:FREQuency[:CW]",
            set: c => Frequency = InRange(Quantity(c, FrequencyUnits), MinFrequency, MaxFrequency, "frequency", "Hz"),
            query: c => c.Response.WriteText(Frequency.ToString("R", CultureInfo.InvariantCulture)));
        Commands.Add(
            "[SOURce]:POWer[:LEVel][:IMMediate][:AMPLitude]",
            set: c => Power = InRange(Quantity(c, PowerUnits), MinPower, MaxPower, "level", "dBm"),
            query: c => c.Response.WriteText(Power.ToString("R", CultureInfo.InvariantCulture)));
        Commands.Add(
            "OUTPut[:STATe]",
            set: c =>
            {
                c.ExpectParameters(1, 1);
                OutputOn = c.Parameters[0].AsBoolean();
            },
            query: c => c.Response.WriteText(OutputOn ? "1" : "0"));
    }

    private static readonly Dictionary<string, double> FrequencyUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["HZ"] = 1, ["KHZ"] = 1e3, ["MHZ"] = 1e6, ["GHZ"] = 1e9,
    };

    private static readonly Dictionary<string, double> PowerUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["DBM"] = 1,
    };

    public override string Identity => $"Rohde&Schwarz,SGS100A,1416.0505k02/{_serial},4.2.76.0-emulated";

    /// <summary>The source takes no binary input.</summary>
    public override long MaxBlockBytes => 1024;

    /// <summary>Hz, read under the device lock.</summary>
    public double Frequency { get; private set; }

    /// <summary>dBm, read under the device lock.</summary>
    public double Power { get; private set; }

    public bool OutputOn { get; private set; }

    /// <summary>
    /// The state the lab left the source in (set at start-up from the station's <c>readout_lo</c>):
    /// the SGS100A's power-on state is its previous setting, so a twin starts as a calibrated lab
    /// does, with the LO on; <c>*RST</c> still goes to the reset state.
    /// </summary>
    public void LeaveAsCalibrated(double frequency, double power)
    {
        lock (SyncRoot)
        {
            Frequency = frequency;
            Power = power;
            OutputOn = true;
        }
    }

    /// <summary>Power-on state "previous setting": a power cycle keeps frequency, level and output.</summary>
    protected override void PowerCycle()
    {
        (double f, double p, bool on) = (Frequency, Power, OutputOn);
        base.PowerCycle();
        (Frequency, Power, OutputOn) = (f, p, on);
    }

    protected override void Reset()
    {
        Frequency = ResetFrequency;
        Power = ResetPower;
        OutputOn = false;
    }

    /// <summary>A number with an optional unit suffix (<c>7.1GHz</c>, <c>7.1 GHz</c>, <c>-10 dBm</c>), in the base unit.</summary>
    private static double Quantity(ScpiCommandContext c, Dictionary<string, double> units)
    {
        c.ExpectParameters(1, 1);
        var m = NumberWithUnit().Match(c.Parameters[0].Text);
        if (c.Parameters[0].Kind != ScpiParameterKind.Token || !m.Success)
        {
            throw new ScpiErrorException(ScpiError.DataTypeError.With($"number expected, got '{c.Parameters[0].Text}'"));
        }

        if (!units.TryGetValue(m.Groups[2].Value, out double scale))
        {
            throw new ScpiErrorException(ScpiError.IllegalParameterValue.With($"unit '{m.Groups[2].Value}' is not one of {string.Join(", ", units.Keys.Where(k => k.Length > 0))}"));
        }

        double value = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture) * scale;
        return double.IsFinite(value) ? value : throw new ScpiErrorException(ScpiError.NumericDataError.With($"'{c.Parameters[0].Text}' is not a finite number"));
    }

    private static double InRange(double value, double min, double max, string what, string unit) =>
        value >= min && value <= max
            ? value
            : throw new ScpiErrorException(ScpiError.DataOutOfRange.With(string.Create(CultureInfo.InvariantCulture, $"{what} {value:G6} {unit} is outside {min:G6}..{max:G6} {unit}")));

    [GeneratedRegex(@"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]*)\s*$")]
    private static partial Regex NumberWithUnit();
}
