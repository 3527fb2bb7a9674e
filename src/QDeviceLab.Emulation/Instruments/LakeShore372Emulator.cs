using System.Globalization;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Lake Shore 372 AC resistance bridge reading the fridge's stages
/// (instruments/models/lakeshore-372.md). One input is measured at a time by the scanner
/// (<see cref="LakeShore372Scanner"/>): the scanned input reads fresh once settled, the others
/// answer what they read when the scanner last left them. The mixing-chamber input reads the
/// emulator's mixing chamber, shared with every other thermometer of the station; answers end
/// in "\r\n" like the real bridge.
/// </summary>
internal sealed class LakeShore372Emulator : ScpiInstrument
{
    public const int Channels = 16;

    /// <summary>RuOx-like sensor: R(T) = R0 exp(sqrt(T0 / T)).</summary>
    public const double SensorR0 = 1000.0;

    public const double SensorT0 = 0.1;

    private readonly EmulatedDevice _device;
    private readonly string _name;
    private readonly string _serial;
    private readonly string _mixingChamberChannel;
    private readonly double _relativeNoise;
    private readonly Dictionary<string, long> _readings = new(StringComparer.Ordinal);
    private readonly LakeShore372Scanner _scanner;
    private readonly double?[] _held = new double?[Channels + 1];

    public LakeShore372Emulator(EmulatedDevice device, string name, string serial, string mixingChamberChannel, double relativeNoise)
        : base(device.SyncRoot, device.Clock)
    {
        _device = device;
        _name = name;
        _serial = serial;
        _mixingChamberChannel = mixingChamberChannel;
        _relativeNoise = relativeNoise;

        // The bridge has been scanning every input before the station started and was then parked
        // on the mixing chamber: each input holds a reading from emulated time 0.
        _scanner = new LakeShore372Scanner(int.TryParse(mixingChamberChannel, NumberStyles.None, CultureInfo.InvariantCulture, out int parked) ? parked : 1);
        for (int input = 1; input <= Channels; input++)
        {
            _held[input] = Measure(input.ToString(CultureInfo.InvariantCulture), 0);
        }

        Commands.Add("KRDG", query: c => c.Response.WriteText(Exponent(Read(c))));
        Commands.Add("RDGR", query: c => c.Response.WriteText(Exponent(Resistance(Read(c)))));
        Commands.Add("SCAN", set: SetScan, query: c =>
        {
            c.ExpectParameters(0, 0);
            _scanner.CatchUp(_device.Clock.Now, Leave);
            c.Response.WriteText(string.Create(CultureInfo.InvariantCulture, $"{_scanner.Input:D2},{(_scanner.Autoscan ? 1 : 0)}"));
        });
        Commands.Add("INSET", set: SetInput, query: c =>
        {
            c.ExpectParameters(1, 1);
            var s = _scanner.Setup(ScannerInput(c.Parameters[0]));
            c.Response.WriteText(string.Create(CultureInfo.InvariantCulture, $"{(s.Enabled ? 1 : 0)},{s.Dwell:000},{s.Pause:000},{s.Curve:00},{s.TempCo}"));
        });
    }

    public override string Identity => $"LSCI,MODEL372,{_serial},1.0";

    public override long MaxBlockBytes => 0;

    public override int MaxMessageTextBytes => 1024;

    public override string ResponseTerminator => "\r\n";

    /// <summary>Nominal temperature of a channel at emulated time <paramref name="time"/>; 0 for a channel with no sensor.</summary>
    public double NominalTemperature(string channel, double time)
    {
        if (channel == _mixingChamberChannel || channel == "A")
        {
            return _device.MixingChamber.TemperatureAt(time);
        }

        return channel switch
        {
            "1" => 50.0,  // 50 K plate (first pulse-tube stage)
            "2" => 4.0,   // 4 K plate (second pulse-tube stage)
            "3" => 0.8,   // still
            "4" => 0.1,   // cold plate
            _ => 0.0,
        };
    }

    public static double Resistance(double kelvin) =>
        kelvin > 0 ? SensorR0 * Math.Exp(Math.Sqrt(SensorT0 / kelvin)) : 0.0;

    protected override void Reset()
    {
    }

    /// <summary><c>+1.20000E-02</c>: the bridge's fixed-width scientific format.</summary>
    private static string Exponent(double value) =>
        value.ToString("+0.00000E+00;-0.00000E+00;+0.00000E+00", CultureInfo.InvariantCulture);

    private double Read(ScpiCommandContext c)
    {
        c.ExpectParameters(1, 1);
        string channel = c.Parameters[0].Text.Trim().ToUpperInvariant();
        bool valid = channel == "A"
            || (int.TryParse(channel, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= Channels);
        if (!valid)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"input '{channel}' is not 1..16 or A"));
        }

        double now = _device.Clock.Now;
        if (channel == "A")
        {
            return Measure(channel, now); // the control input has its own measurement channel
        }

        int input = int.Parse(channel, CultureInfo.InvariantCulture);
        _scanner.CatchUp(now, Leave);
        if (input == _scanner.Input && _scanner.IsSettled(now))
        {
            double fresh = Measure(input.ToString(CultureInfo.InvariantCulture), now);
            _held[input] = fresh;
            return fresh;
        }

        return _held[input] ?? 0.0;
    }

    private void Leave(int input, double time) => _held[input] = Measure(input.ToString(CultureInfo.InvariantCulture), time);

    /// <summary>One reading of <paramref name="channel"/> at <paramref name="time"/>, with its own seeded noise draw.</summary>
    private double Measure(string channel, double time)
    {
        double nominal = NominalTemperature(channel, time);
        if (nominal <= 0)
        {
            return 0.0;
        }

        _readings.TryGetValue(channel, out long index);
        _readings[channel] = index + 1;
        var rng = DeterministicRandom.ForStream(_device.Seed, $"{_name}/input{channel}", index);
        return nominal * (1 + _relativeNoise * rng.NextGaussian());
    }

    private void SetScan(ScpiCommandContext c)
    {
        c.ExpectParameters(2, 2);
        int input = ScannerInput(c.Parameters[0]);
        bool autoscan = c.Parameters[1].AsInteger() switch
        {
            0 => false,
            1 => true,
            long v => throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"autoscan {v} is not 0 or 1")),
        };
        _scanner.Scan(input, autoscan, _device.Clock.Now, Leave);
    }

    private void SetInput(ScpiCommandContext c)
    {
        c.ExpectParameters(6, 6);
        int input = ScannerInput(c.Parameters[0]);
        long enabled = c.Parameters[1].AsInteger();
        long dwell = c.Parameters[2].AsInteger();
        long pause = c.Parameters[3].AsInteger();
        long curve = c.Parameters[4].AsInteger();
        long tempco = c.Parameters[5].AsInteger();
        if (enabled is < 0 or > 1 || dwell < LakeShore372Scanner.MinDwell || dwell > LakeShore372Scanner.MaxDwell
            || pause < LakeShore372Scanner.MinPause || pause > LakeShore372Scanner.MaxPause || curve is < 0 or > 59 || tempco is < 1 or > 2)
        {
            throw new ScpiErrorException(ScpiError.DataOutOfRange.With("expected INSET input,0|1,dwell 1..200,pause 3..200,curve 0..59,tempco 1|2"));
        }

        _scanner.CatchUp(_device.Clock.Now, Leave);
        _scanner.Configure(input, new InputSetup(enabled == 1, dwell, pause, (int)curve, (int)tempco));
    }

    private static int ScannerInput(ScpiParameter p)
    {
        if (int.TryParse(p.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= Channels)
        {
            return n;
        }

        throw new ScpiErrorException(ScpiError.DataOutOfRange.With($"scanner input '{p.Text}' is not 1..16"));
    }
}
