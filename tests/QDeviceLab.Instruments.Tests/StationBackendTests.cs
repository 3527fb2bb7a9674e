using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Tests;

/// <summary>The <c>backend:</c>, <c>visa_library:</c> and <c>device:</c> fields of a station file's instrument entries.</summary>
public sealed class StationBackendTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qdl-backend-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Backend_fields_are_read_and_a_relative_library_path_is_relative_to_the_station_file()
    {
        var station = StationFile.Load(Write("""
              awg1:
                model: Tektronix AWG5204
                resource: GPIB0::5::INSTR
                backend: native
                visa_library: lib/libvisa.so.0
              dig1:
                model: QDeviceLab DIG-IQ4
                resource: USB0::0x0957::0x1796::MY1::INSTR
                device: /dev/usbtmc3
            """));

        var awg = station.Instruments["awg1"];
        var dig = station.Instruments["dig1"];
        Assert.Equal(VisaBackend.Native, awg.Backend);
        Assert.Equal(Path.Combine(_folder, "lib", "libvisa.so.0"), awg.VisaLibrary);
        Assert.Null(dig.Backend);
        Assert.Equal("/dev/usbtmc3", dig.UsbtmcDevice);
    }

    [Fact]
    public void A_bare_library_name_is_left_for_the_loader_to_search()
    {
        var station = StationFile.Load(Write("""
              awg1:
                model: Tektronix AWG5204
                resource: GPIB0::5::INSTR
                visa_library: libiovisa.so
              dig1:
                model: QDeviceLab DIG-IQ4
                resource: TCPIP0::127.0.0.1::5025::SOCKET
            """));

        Assert.Equal("libiovisa.so", station.Instruments["awg1"].VisaLibrary);
    }

    [Fact]
    public async Task Opening_the_station_hands_the_backend_and_library_to_the_session()
    {
        var station = StationFile.Load(Write("""
              awg1:
                model: Tektronix AWG5204
                resource: TCPIP0::127.0.0.1::4000::SOCKET
                backend: native
                visa_library: /opt/nowhere/libvisa.so.0
              dig1:
                model: QDeviceLab DIG-IQ4
                resource: TCPIP0::127.0.0.1::5025::SOCKET
            """));

        // The native backend, not a TCP connect, is what fails: it could not load the named library.
        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => Station.OpenAsync(station));

        Assert.Contains("/opt/nowhere/libvisa.so.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("no usable VISA library", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resource: GPIB0::5::INSTR\n    backend: nivisa", 6, "instruments.awg1.backend", "unknown backend 'nivisa'; expected one of managed, usbtmc, native")]
    [InlineData("resource: GPIB0::5::INSTR\n    backend: managed", 6, "instruments.awg1.backend", "the managed backend cannot speak GPIB")]
    [InlineData("resource: TCPIP0::127.0.0.1::4000::SOCKET\n    backend: usbtmc", 6, "instruments.awg1.backend", "only USB INSTR")]
    [InlineData("resource: TCPIP0::127.0.0.1::4000::SOCKET\n    visa_library: /opt/libvisa.so", 6, "instruments.awg1.visa_library", "uses managed; add 'backend: native'")]
    [InlineData("resource: GPIB0::5::INSTR\n    device: /dev/usbtmc0", 6, "instruments.awg1.device", "uses native; add 'backend: usbtmc'")]
    public void A_backend_mistake_names_the_file_line_and_field(string awgResource, int line, string field, string expected)
    {
        string path = Write($"""
              awg1:
                model: Tektronix AWG5204
                {awgResource}
              dig1:
                model: QDeviceLab DIG-IQ4
                resource: TCPIP0::127.0.0.1::5025::SOCKET
            """);

        var e = Assert.Throws<UserInputException>(() => StationFile.Load(path));

        Assert.Equal(path, e.Origin);
        Assert.Equal(line, e.Line);
        Assert.Contains($"field '{field}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private string Write(string instruments)
    {
        string indented = string.Join('\n', instruments.Split('\n').Select(l => l.Length > 0 ? "  " + l : l));
        string yaml = "station: bench-backends\ninstruments:\n" + indented + """

            qubits:
              q0:
                drive: { awg: awg1, i_channel: 1, q_channel: 2 }
                readout: { digitizer: dig1, channel: 1 }
                pi_pulse: { amplitude: 0.45, duration: 40.0e-9 }
                readout_time: 2.0e-6
            """;
        var path = Path.Combine(_folder, $"station-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
