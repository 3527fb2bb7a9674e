using System.Net;
using System.Net.Sockets;
using QDeviceLab.Cli.Tests.Support;
using QDeviceLab.Emulation;
using QDeviceLab.Visa;

namespace QDeviceLab.Cli.Tests;

/// <summary><c>qdlab identify</c> and <c>qdlab resources</c> against the emulated station, in process.</summary>
public sealed class IdentifyCommandTests : IAsyncLifetime
{
    private static readonly string StationFile = Repository.Path("instruments", "stations", "emulated.yaml");
    private EmulatedStation? _station;

    private EmulatedStation Station => _station!;

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile, null, 0, SerialLines.LakeShoreBridges);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Station.DisposeAsync();

    [Fact]
    public async Task Identify_prints_the_identity_and_an_empty_error_queue()
    {
        var (code, output, error) = await RunCommandTests.Qdlab("identify", Station.Resources["awg1"]);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("identity: TEKTRONIX,AWG5208,", output, StringComparison.Ordinal);
        Assert.Contains("errors: none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_does_not_ask_a_lake_shore_bridge_for_a_scpi_error_queue_it_does_not_have()
    {
        var (code, output, error) = await RunCommandTests.Qdlab("identify", Station.Resources["bridge"]);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("identity: LSCI,MODEL372,", output, StringComparison.Ordinal);
        Assert.Contains("not asked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_reaches_the_lake_shore_bridge_over_its_serial_line()
    {
        string resource = Station.SerialResources["bridge"];

        var (code, output, error) = await RunCommandTests.Qdlab("identify", resource);

        Assert.StartsWith("ASRL/dev/pts/", resource, StringComparison.Ordinal);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("identity: LSCI,MODEL372,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_opens_a_serial_line_with_the_settings_asked_for()
    {
        // The emulator's line is a pseudo-terminal, which takes 8N1 only reliably (a 7O1 reopen fails with EINVAL).
        var (code, output, error) = await RunCommandTests.Qdlab("identify", Station.SerialResources["bridge"], "--serial", "19200 8N1");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal(new Visa.Serial.SerialSettings { DataBits = 7, Parity = Visa.Serial.SerialParity.Odd }, Commands.IdentifyCommand.ParseSerial("9600 7O1"));
        Assert.Equal(Visa.Serial.SerialStopBits.Two, Commands.IdentifyCommand.ParseSerial("57600 8N2").StopBits);
    }

    [Theory]
    [InlineData("9600")]
    [InlineData("9600 9N1")]
    [InlineData("0 8N1")]
    public async Task Serial_settings_that_mean_nothing_are_a_usage_error(string settings)
    {
        var (code, _, error) = await RunCommandTests.Qdlab("identify", "ASRL1::INSTR", "--serial", settings);

        Assert.Equal(64, code);
        Assert.Contains($"--serial '{settings}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_resource_string_is_a_usage_error_with_the_parsers_message()
    {
        const string bad = "TCPIP0::127.0.0.1::port::SOCKET";
        Assert.False(ResourceName.TryParse(bad, out _, out string? message));

        var (code, _, error) = await RunCommandTests.Qdlab("identify", bad);

        Assert.Equal(64, code);
        Assert.Contains(message!, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_backend_is_a_usage_error_naming_the_choices()
    {
        var (code, _, error) = await RunCommandTests.Qdlab("identify", "GPIB0::5::INSTR", "--backend", "nivisa");

        Assert.Equal(64, code);
        Assert.Contains("--backend 'nivisa' is not one of managed, usbtmc, native", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backend_option_picks_the_implementation_and_the_output_says_which()
    {
        var (code, output, error) = await RunCommandTests.Qdlab("identify", Station.Resources["awg1"], "--backend", "managed");
        var (nativeCode, _, nativeError) = await RunCommandTests.Qdlab("identify", Station.Resources["awg1"], "--backend", "native", "--visa-library", "/opt/nowhere/libvisa.so.0");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("backend: managed", output, StringComparison.Ordinal);
        Assert.Equal(3, nativeCode);
        Assert.Contains("/opt/nowhere/libvisa.so.0", nativeError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_probes_a_local_instrument_through_the_backend_its_station_entry_names()
    {
        string file = Path.Combine(Path.GetTempPath(), $"qdlab-backend-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            station: bench-native
            instruments:
              awg1:
                model: Tektronix AWG5204
                resource: TCPIP0::127.0.0.1::5025::SOCKET
                backend: native
                visa_library: /opt/nowhere/libvisa.so.0
              dig1:
                model: QDeviceLab DIG-IQ4
                resource: TCPIP0::10.0.0.9::5025::SOCKET
            qubits:
              q0:
                drive: { awg: awg1, i_channel: 1, q_channel: 2 }
                readout: { digitizer: dig1, channel: 1 }
                pi_pulse: { amplitude: 0.45, duration: 40.0e-9 }
                readout_time: 2.0e-6
            """);
        try
        {
            var (code, output, error) = await RunCommandTests.Qdlab("resources", "--station", file);

            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            string awg = output.Split('\n').Single(l => l.StartsWith("awg1", StringComparison.Ordinal));
            Assert.Contains("no usable VISA library", awg, StringComparison.Ordinal);
            Assert.Contains("/opt/nowhere/libvisa.so.0", awg, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Nothing_listening_is_an_io_error_exit_3()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (code, _, error) = await RunCommandTests.Qdlab("identify", $"TCPIP0::127.0.0.1::{port}::SOCKET");

        Assert.Equal(3, code);
        Assert.Contains("connection refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_of_the_embedded_station_lists_every_instrument_on_every_transport_and_each_answers()
    {
        var (code, output, error) = await RunCommandTests.Qdlab("resources", "--station", StationFile);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (string name in Station.Resources.Keys)
        {
            Assert.Contains(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.Contains("::SOCKET", StringComparison.Ordinal) && l.Contains(" answers ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.Contains($"::{name}::INSTR", StringComparison.Ordinal) && l.Contains(" answers ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.Contains("::hislip", StringComparison.Ordinal) && l.Contains(" answers ", StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.StartsWith("bridge ", StringComparison.Ordinal) && l.Contains("ASRL/dev/pts/", StringComparison.Ordinal) && l.Contains("answers LSCI,MODEL372", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resources_of_a_real_station_lists_remote_instruments_without_probing_them()
    {
        string file = Path.Combine(Path.GetTempPath(), $"qdl-real-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            station: lab
            instruments:
              awg1: { model: Tektronix AWG5208, resource: "TCPIP0::192.0.2.10::4000::SOCKET" }
              dig1: { model: QDeviceLab DIG-IQ4, resource: "TCPIP0::192.0.2.11::5025::SOCKET" }
              bridge:
                model: Lake Shore 372
                resource: ASRL/dev/ttyUSB0::INSTR
                serial: { baud: 57600, parity: odd }
            qubits:
              q0:
                drive: { awg: awg1, i_channel: 1, q_channel: 2 }
                readout: { digitizer: dig1, channel: 1 }
                pi_pulse: { amplitude: 0.5, duration: 40.0e-9 }
                readout_time: 2.0e-6
            """);
        try
        {
            var (code, output, error) = await RunCommandTests.Qdlab("resources", "--station", file);

            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            Assert.Contains("ASRL/dev/ttyUSB0::INSTR", output, StringComparison.Ordinal);
            Assert.Equal(3, output.Split('\n').Count(l => l.Contains("not probed", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_serial_setting_the_station_file_cannot_mean_is_an_input_error_naming_file_line_and_field()
    {
        string file = Path.Combine(Path.GetTempPath(), $"qdl-bad-serial-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            station: lab
            instruments:
              awg1: { model: Tektronix AWG5208, resource: "TCPIP0::192.0.2.10::4000::SOCKET" }
              dig1: { model: QDeviceLab DIG-IQ4, resource: "TCPIP0::192.0.2.11::5025::SOCKET" }
              bridge:
                model: Lake Shore 372
                resource: ASRL1::INSTR
                serial: { baud: 9600, parity: sideways }
            qubits:
              q0:
                drive: { awg: awg1, i_channel: 1, q_channel: 2 }
                readout: { digitizer: dig1, channel: 1 }
                pi_pulse: { amplitude: 0.5, duration: 40.0e-9 }
                readout_time: 2.0e-6
            """);
        try
        {
            var (code, _, error) = await RunCommandTests.Qdlab("resources", "--station", file);

            Assert.Equal(4, code);
            Assert.Contains(":8: field 'instruments.bridge.serial.parity': 'sideways' is not one of none, odd, even, mark, space", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
