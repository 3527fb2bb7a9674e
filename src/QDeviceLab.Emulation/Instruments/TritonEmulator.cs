using System.Globalization;
using System.Text;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Instruments;

/// <summary>
/// Oxford Instruments Triton dilution-refrigerator controller (instruments/models/oxford-triton.md):
/// the Oxford "SCPI-like" text protocol on TCP 33576, <c>READ:&lt;noun&gt;...</c> answered by
/// <c>STAT:&lt;noun&gt;...:&lt;value&gt;</c>, case-sensitive, one command per '\n'-terminated line of
/// at most 1024 bytes. Its mixing-chamber thermometer reads the same mixing-chamber model as the Lake
/// Shore bridge, so both monitors see one fridge. Invalid commands are answered, not queued:
/// <c>&lt;VERB&gt;:INVALID</c>, <c>STAT:...:&lt;term&gt;:INVALID</c> or <c>...:NOT_FOUND</c>.
/// </summary>
internal sealed class TritonEmulator : ScpiInstrument
{
    /// <summary>The Triton's mixing-chamber RuOx thermometer, unless the station names another.</summary>
    public const string DefaultMixingChamberChannel = "T8";

    private readonly EmulatedDevice _device;
    private readonly string _name;
    private readonly string _serial;
    private readonly string _mixingChamberChannel;
    private readonly double _relativeNoise;
    private readonly Dictionary<string, long> _readings = new(StringComparer.Ordinal);

    public TritonEmulator(EmulatedDevice device, string name, string serial, string mixingChamberChannel, double relativeNoise)
        : base(device.SyncRoot, device.Clock)
    {
        _device = device;
        _name = name;
        _serial = serial;
        _mixingChamberChannel = mixingChamberChannel.Length > 0 ? mixingChamberChannel : DefaultMixingChamberChannel;
        _relativeNoise = relativeNoise;
    }

    public override string Identity => $"IDN:OXFORD INSTRUMENTS:TRITON:{_serial}:1.0.0-emulated";

    public override long MaxBlockBytes => 0;

    /// <summary>The manual's line limit: 1024 bytes including the terminator.</summary>
    public override int MaxMessageTextBytes => 1023;

    /// <summary>Nominal temperature of thermometer <paramref name="uid"/> (T1..T16) at emulated time <paramref name="time"/>; null: no such device.</summary>
    public double? NominalTemperature(string uid, double time) => uid switch
    {
        _ when uid == _mixingChamberChannel => _device.MixingChamber.TemperatureAt(time),
        "T1" => 3.6,    // PT2 head
        "T2" => 4.0,    // PT2 plate
        "T3" => 0.8,    // still
        "T4" => 0.1,    // cold plate
        "T5" => Math.Max(_device.MixingChamber.TemperatureAt(time), 0.5), // MC cernox: flat below ~0.5 K
        "T6" => 45.0,   // PT1 head
        "T7" => 50.0,   // PT1 plate
        "T13" => 4.1,   // magnet
        _ => null,
    };

    protected override void Reset()
    {
    }

    protected override ScpiExecution ExecuteUnits(ReadOnlyMemory<byte> message)
    {
        string line = Encoding.ASCII.GetString(message.Span).TrimEnd('\r', ' ');
        return new ScpiExecution(Encoding.ASCII.GetBytes(Answer(line) + ResponseTerminator), false);
    }

    /// <summary>The reply to one command line.</summary>
    public string Answer(string line)
    {
        if (line == "*IDN?")
        {
            return Identity;
        }

        var terms = line.Split(':');
        if (terms[0] == "SET")
        {
            // Everything the emulator serves is read-only: the manual answers a SET of a read-only noun as invalid.
            return "SET:INVALID";
        }

        if (terms[0] != "READ")
        {
            return $"{(terms[0].Length > 0 && terms[0].Length <= 16 ? terms[0] : "?")}:INVALID";
        }

        var path = terms.Skip(1).ToArray();
        if (path.Length == 4 && path[0] == "SYS" && path[1] == "DR" && path[2] == "CHAN" && path[3] == "MC")
        {
            return $"STAT:SYS:DR:CHAN:MC:{_mixingChamberChannel}";
        }

        if (path.Length == 3 && path[0] == "SYS" && path[1] == "DR" && path[2] == "STATUS")
        {
            return "STAT:SYS:DR:STATUS:OK";
        }

        if (path.Length >= 2 && path[0] == "DEV")
        {
            return Device(path);
        }

        return Invalid(path, SystemNouns);
    }

    private static readonly string[][] SystemNouns = [["SYS", "DR", "STATUS"], ["SYS", "DR", "CHAN", "MC"], ["DEV"]];

    private static readonly string[][] DeviceNouns = [["TEMP", "SIG", "TEMP"], ["TEMP", "MEAS", "ENAB"]];

    private string Device(string[] path)
    {
        string uid = path[1];
        double now = _device.Clock.Now;
        if (NominalTemperature(uid, now) is not { } nominal)
        {
            return $"STAT:{string.Join(':', path)}:NOT_FOUND";
        }

        var rest = path[2..];
        if (rest.SequenceEqual(DeviceNouns[0]))
        {
            return string.Create(CultureInfo.InvariantCulture, $"STAT:DEV:{uid}:TEMP:SIG:TEMP:{Measure(uid, nominal):G6}K");
        }

        if (rest.SequenceEqual(DeviceNouns[1]))
        {
            return $"STAT:DEV:{uid}:TEMP:MEAS:ENAB:ON";
        }

        var answer = Invalid(rest, DeviceNouns);
        return $"STAT:DEV:{uid}:{answer["STAT:".Length..]}";
    }

    /// <summary>
    /// <c>STAT:&lt;terms&gt;:INVALID</c>, the reply stopping right after the first term that leads to no
    /// served noun (or after the last term of an incomplete one), as the manual describes.
    /// </summary>
    private static string Invalid(string[] path, string[][] nouns)
    {
        int kept = 0;
        while (kept < path.Length && nouns.Any(n => n.Length > kept && n.Take(kept + 1).SequenceEqual(path.Take(kept + 1))))
        {
            kept++;
        }

        var shown = path.Take(Math.Min(kept + 1, path.Length)).Select(t => t.Length <= 16 ? t : t[..16] + "...");
        return path.Length == 0 ? "STAT:INVALID" : $"STAT:{string.Join(':', shown)}:INVALID";
    }

    private double Measure(string uid, double nominal)
    {
        _readings.TryGetValue(uid, out long index);
        _readings[uid] = index + 1;
        var rng = DeterministicRandom.ForStream(_device.Seed, $"{_name}/{uid}", index);
        return nominal * (1 + _relativeNoise * rng.NextGaussian());
    }
}
