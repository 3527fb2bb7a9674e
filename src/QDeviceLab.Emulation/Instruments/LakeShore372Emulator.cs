using System.Globalization;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Lake Shore 372 AC resistance bridge reading the fridge's stages
/// (instruments/models/lakeshore-372.md). The mixing-chamber channel reads the emulator's
/// mixing-chamber temperature; answers end in "\r\n" like the real bridge.
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

    public LakeShore372Emulator(EmulatedDevice device, string name, string serial, string mixingChamberChannel, double relativeNoise)
        : base(device.SyncRoot, device.Clock)
    {
        _device = device;
        _name = name;
        _serial = serial;
        _mixingChamberChannel = mixingChamberChannel;
        _relativeNoise = relativeNoise;
        Commands.Add("KRDG", query: c => c.Response.WriteText(Exponent(Read(c))));
        Commands.Add("RDGR", query: c => c.Response.WriteText(Exponent(Resistance(Read(c)))));
    }

    public override string Identity => $"LSCI,MODEL372,{_serial},1.0";

    public override long MaxBlockBytes => 0;

    public override int MaxMessageTextBytes => 1024;

    public override string ResponseTerminator => "\r\n";

    /// <summary>Nominal temperature of a channel; 0 for a channel with no sensor.</summary>
    public double NominalTemperature(string channel)
    {
        if (channel == _mixingChamberChannel || channel == "A")
        {
            return _device.MixingChamberTemperature;
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

        channel = channel == "A" ? channel : int.Parse(channel, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        double nominal = NominalTemperature(channel);
        if (nominal <= 0)
        {
            return 0.0;
        }

        _readings.TryGetValue(channel, out long index);
        _readings[channel] = index + 1;
        var rng = DeterministicRandom.ForStream(_device.Seed, $"{_name}/input{channel}", index);
        return nominal * (1 + _relativeNoise * rng.NextGaussian());
    }
}
