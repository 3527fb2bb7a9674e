using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Instruments.Tests;

public sealed class StationFileTests : IDisposable
{
    private const string Valid = """
        station: bench-1
        instruments:
          awg1:
            model: Tektronix AWG5204
            resource: TCPIP0::127.0.0.1::4000::SOCKET
            calibration_due: 2027-01-31
            settings: { sample_rate: 2.0e9, amplitude_vpp: 0.5 }
          dig1:
            model: QDeviceLab DIG-IQ4
            resource: TCPIP0::127.0.0.1::5025::SOCKET
          bridge:
            model: Lake Shore 372
            resource: TCPIP0::127.0.0.1::7777::SOCKET
        environment:
          mixing_chamber: { monitor: bridge, channel: 6 }
        qubits:
          q0:
            drive: { awg: awg1, i_channel: 1, q_channel: 2 }
            readout: { digitizer: dig1, channel: 1 }
            pi_pulse: { amplitude: 0.45, duration: 40.0e-9 }
            readout_time: 2.0e-6
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-station-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_folder, $"station-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void A_valid_station_file_gives_instruments_wiring_and_calibration()
    {
        var station = StationFile.Load(Write(Valid));
        Assert.Equal("bench-1", station.Name);
        Assert.Equal(new DateOnly(2027, 1, 31), station.Instruments["awg1"].CalibrationDue);
        Assert.Equal(2.0e9, station.Instruments["awg1"].Settings["sample_rate"]);
        var q0 = station.Qubits["q0"];
        Assert.Equal(new DriveLine("awg1", 1, 2), q0.Drive);
        Assert.Equal(new ReadoutLine("dig1", 1), q0.Readout);
        Assert.Equal(new PiPulseCalibration(0.45, 40e-9), q0.PiPulse);
        Assert.Equal(new SensorDefinition("bridge", "6"), station.MixingChamber);
        Assert.False(station.DescribesEmulator);
        Assert.Equal(64, station.Sha256.Length);
    }

    [Fact]
    public void A_qubit_drag_coefficient_is_read_in_seconds_and_defaults_to_zero()
    {
        Assert.Equal(0, StationFile.Load(Write(Valid)).Qubits["q0"].PiPulse.Drag);
        var withDrag = Valid.Replace("readout_time: 2.0e-6", "readout_time: 2.0e-6\n    drag: 0.4e-9", StringComparison.Ordinal);
        Assert.Equal(new PiPulseCalibration(0.45, 40e-9, 0.4e-9), StationFile.Load(Write(withDrag)).Qubits["q0"].PiPulse);
        var bad = Valid.Replace("readout_time: 2.0e-6", "readout_time: 2.0e-6\n    drag: 2.0", StringComparison.Ordinal);
        var error = Assert.Throws<UserInputException>(() => StationFile.Load(Write(bad)));
        Assert.Contains("qubits.q0.drag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_emulated_station_loads_and_says_it_describes_an_emulator()
    {
        var path = Path.Combine(RepositoryRoot(), "instruments", "stations", "emulated.yaml");
        var station = StationFile.Load(path);
        Assert.True(station.DescribesEmulator);
        Assert.True(station.Qubits.Count >= 3);
    }

    [Theory]
    [InlineData("station: bench-1\n", "missing field 'instruments'")]
    [InlineData("model: Tektronix AWG5204", "unknown model 'Tektronix AWG9999'", "model: Tektronix AWG9999")]
    [InlineData("resource: TCPIP0::127.0.0.1::4000::SOCKET", "field 'instruments.awg1.resource'", "resource: TCPIP0::127.0.0.1::99999::SOCKET")]
    [InlineData("i_channel: 1", "field 'qubits.q0.drive.i_channel': 9 is out of range; expected 1-4", "i_channel: 9")]
    [InlineData("drive: { awg: awg1,", "no instrument named 'awg7'", "drive: { awg: awg7,")]
    [InlineData("readout: { digitizer: dig1,", "'awg1' is a Tektronix AWG5204, which is not a readout digitizer", "readout: { digitizer: awg1,")]
    [InlineData("amplitude: 0.45", "expected a number in SI units, got 'high'", "amplitude: high")]
    [InlineData("calibration_due: 2027-01-31", "expected a date as YYYY-MM-DD", "calibration_due: soon")]
    [InlineData("q_channel: 2", "must be different AWG channels", "q_channel: 1")]
    [InlineData("channel: 6 }", "missing field 'environment.mixing_chamber.channel'", "chanel: 6 }")]
    public void A_station_file_mistake_names_the_file_line_and_field(string original, string expected, string? replacement = null)
    {
        var yaml = replacement is null ? original : Valid.Replace(original, replacement, StringComparison.Ordinal);
        var path = Write(yaml);
        var error = Assert.Throws<UserInputException>(() => StationFile.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_line()
    {
        var path = Write("station: a\ninstruments: [\n");
        var error = Assert.Throws<UserInputException>(() => StationFile.Load(path));
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_user_input_error() =>
        Assert.Throws<UserInputException>(() => StationFile.Load(Path.Combine(_folder, "absent.yaml")));

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QDeviceLab.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("tests must run inside the repository");
    }
}
