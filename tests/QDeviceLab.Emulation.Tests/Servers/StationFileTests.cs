using QDeviceLab.Core;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Servers;

public sealed class StationFileTests
{
    [Fact]
    public async Task Truth_reports_the_emulator_section()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        Assert.Equal(20261128, station.Seed);
        Assert.Equal(["q0", "q1", "q2", "q3", "q4"], station.QubitNames);
        var q0 = station.TruthFor("q0");
        Assert.Equal(48.0e-6, q0.T1);
        Assert.Equal(31.0e-6, q0.T2Star);
        Assert.Equal(150.0e3, q0.DetuningHz);
        Assert.Equal(1 / 31.0e-6 - 1 / (2 * 48.0e-6), q0.PureDephasingRate, 6);
        Assert.Equal(0.012, q0.MixingChamberTemperature);
        Assert.Equal(1 - (0.03 + 0.01) / 2, q0.AssignmentFidelity, 12);
        Assert.Throws<ArgumentException>(() => station.TruthFor("q9"));
    }

    [Theory]
    [InlineData("model: Lake Shore 372", "model: Lake Shore 999", "instruments.bridge.model", "Lake Shore 999")]
    [InlineData("t1: 48.0e-6 ", "t1: long ", "emulator.qubits.q0.t1", "got 'long'")]
    [InlineData("t2_star: 31.0e-6", "t2_star: 99.0e-6", "emulator.qubits.q0.t2_star", "T2* <= 2 T1")]
    [InlineData("readout: { digitizer: dig1, channel: 1 }", "readout: { digitizer: dig1, channel: 9 }", "qubits.q0.readout.channel", "1..4")]
    [InlineData("drive: { awg: awg1, i_channel: 1", "drive: { awg: dig1, i_channel: 1", "qubits.q0.drive.awg", "Tektronix AWG5208")]
    [InlineData("p0_given_1: 0.03 ", "p0_given_1: [0.03] ", "emulator.qubits.q0.readout.p0_given_1", "got a list")]
    public void A_bad_field_names_file_line_field_and_expectation(string find, string replace, string field, string expectation)
    {
        string path = StationFiles.DefaultWith(find, replace);
        var e = Assert.Throws<UserInputException>(() => EmulatedStation.Start(path));
        Assert.Equal(path, e.Origin);
        Assert.Equal(LineOf(path, replace), e.Line);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains(expectation, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{e.Line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_field_is_reported_at_its_parent()
    {
        string path = StationFiles.DefaultWith("      t1: 48.0e-6                    # s\n", string.Empty);
        var e = Assert.Throws<UserInputException>(() => EmulatedStation.Start(path));
        Assert.Contains("emulator.qubits.q0.t1", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(path, "frequency: 5.120e9"), e.Line);
    }

    [Fact]
    public void A_qubit_without_true_parameters_is_reported()
    {
        string path = StationFiles.DefaultWith("  q2:\n    drive", "  q7:\n    readout_time: 1\n  q2:\n    drive");
        var e = Assert.Throws<UserInputException>(() => EmulatedStation.Start(path));
        Assert.Contains("qubits.q7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_and_missing_files_are_user_input_errors()
    {
        string path = StationFiles.Temporary("instruments: [unclosed\n");
        var e = Assert.Throws<UserInputException>(() => EmulatedStation.Start(path));
        Assert.Equal(path, e.Origin);
        Assert.NotNull(e.Line);
        Assert.Throws<UserInputException>(() => EmulatedStation.Start(Path.Combine(Path.GetTempPath(), "no-such-station.yaml")));
    }

    private static int LineOf(string path, string text) =>
        Array.FindIndex(File.ReadAllLines(path), l => l.Contains(text.Split('\n')[0].Trim(), StringComparison.Ordinal)) + 1;
}
