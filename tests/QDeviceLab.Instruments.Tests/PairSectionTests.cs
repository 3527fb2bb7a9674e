using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The station file's <c>pairs:</c> section: coupled qubits, their flux line and the calibrated CZ.</summary>
public sealed class PairSectionTests : IDisposable
{
    private const string Valid = """
        station: bench-2q
        instruments:
          awg1:
            model: Tektronix AWG5204
            resource: TCPIP0::127.0.0.1::4000::SOCKET
          awg2:
            model: Tektronix AWG5204
            resource: TCPIP0::127.0.0.1::4001::SOCKET
          dig1:
            model: QDeviceLab DIG-IQ4
            resource: TCPIP0::127.0.0.1::5025::SOCKET
        qubits:
          q0:
            drive: { awg: awg1, i_channel: 1, q_channel: 2 }
            readout: { digitizer: dig1, channel: 1 }
            pi_pulse: { amplitude: 0.45, duration: 40.0e-9 }
            readout_time: 2.0e-6
          q1:
            drive: { awg: awg1, i_channel: 3, q_channel: 4 }
            readout: { digitizer: dig1, channel: 2 }
            pi_pulse: { amplitude: 0.47, duration: 40.0e-9 }
            readout_time: 2.0e-6
        pairs:
          q0_q1:
            qubits: [q0, q1]
            flux: { awg: awg2, channel: 1 }
            cz_pulse: { amplitude: 0.29, duration: 60.0e-9, phase_corrections: [1.2, -0.87] }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-pairs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_pair_gives_its_qubits_flux_line_and_CZ_calibration()
    {
        var station = StationFile.Load(Write(Valid));
        var pair = Assert.Single(station.Pairs).Value;
        Assert.Equal(("q0", "q1"), (pair.QubitA, pair.QubitB));
        Assert.Equal(new FluxLine("awg2", 1), pair.Flux);
        Assert.Equal(new CzPulseCalibration(0.29, 60e-9, 1.2, -0.87), pair.CzPulse);
    }

    [Fact]
    public void The_embedded_emulated_station_has_the_coupled_pair_q0_q1_on_awg2_channel_3()
    {
        var path = Path.Combine(StationFileTests.RepositoryRoot(), "instruments", "stations", "emulated.yaml");
        var pair = StationFile.Load(path).Pairs["q0_q1"];
        Assert.Equal(new FluxLine("awg2", 3), pair.Flux);
        Assert.Equal(60e-9, pair.CzPulse.Duration);
        Assert.InRange(pair.CzPulse.Amplitude, 0.2, 0.4);
    }

    [Fact]
    public void A_station_without_pairs_has_none()
    {
        var text = Valid[..Valid.IndexOf("pairs:", StringComparison.Ordinal)];
        Assert.Empty(StationFile.Load(Write(text)).Pairs);
    }

    [Theory]
    [InlineData("flux: { awg: awg2, channel: 1 }", "flux: { awg: awg1, channel: 4 }", "field 'pairs.q0_q1.flux': awg1 channel 4 already drives q1")]
    [InlineData("flux: { awg: awg2, channel: 1 }", "flux: { awg: awg2, channel: 5 }", "field 'pairs.q0_q1.flux.channel'")]
    [InlineData("qubits: [q0, q1]", "qubits: [q0, q7]", "field 'pairs.q0_q1.qubits': expected a list of two different qubits")]
    [InlineData("flux: { awg: awg2,", "flux: { awg: dig1,", "field 'pairs.q0_q1.flux.awg': expected the name of an arbitrary waveform generator")]
    [InlineData("phase_corrections: [1.2, -0.87]", "phase_corrections: [1.2]", "field 'pairs.q0_q1.cz_pulse.phase_corrections': expected a list of two angles")]
    [InlineData("amplitude: 0.29,", "amplitude: strong,", "pairs.q0_q1.cz_pulse.amplitude")]
    [InlineData("duration: 60.0e-9,", "length: 60.0e-9,", "missing field 'pairs.q0_q1.cz_pulse.duration'")]
    public void A_pair_mistake_names_the_file_line_and_field(string original, string replacement, string expected)
    {
        var text = Valid.Replace(original, replacement, StringComparison.Ordinal);
        var path = Write(text);
        var error = Assert.Throws<UserInputException>(() => StationFile.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Origin);
        // The line of the field that is wrong (all of a flow mapping sits on one line).
        int line = 1 + text[..text.IndexOf(replacement, StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.Equal(line, error.Line);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_folder, $"station-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
