using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Servers;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>
/// The Lake Shore 372's scanner in emulated time: a noiseless bridge (temperature_noise 0) on a
/// mixing chamber that jumps from 12 mK to 150 mK at t = 100 s, parked on input 6.
/// </summary>
public sealed class LakeShoreScannerTests
{
    private readonly EmulatedDevice _device;
    private readonly LakeShore372Emulator _bridge;

    public LakeShoreScannerTests()
    {
        var chamber = new MixingChamber(0.012, TemperatureDrift.None, 1);
        chamber.Add(new TemperatureExcursion(0.150, 100, 1e9));
        _device = new EmulatedDevice(1, chamber, []);
        _bridge = new LakeShore372Emulator(_device, "bridge", "LSA01", "6", relativeNoise: 0);
    }

    [Fact]
    public void The_parked_input_reads_fresh_and_the_others_hold_their_last_reading()
    {
        Assert.Equal("06,0", Ask("SCAN?"));
        Assert.Equal(0.012, Kelvin("KRDG? 6"), 9);
        _device.Clock.Advance(100);
        Assert.Equal(0.150, Kelvin("KRDG? 6"), 9);
        Assert.Equal(50.0, Kelvin("KRDG? 1"), 9);
        Assert.Equal(0.0, Kelvin("KRDG? 12"));
        Assert.Equal(0.150, Kelvin("KRDG? A"), 9); // the control input is not multiplexed
    }

    [Fact]
    public void An_input_reads_fresh_only_once_the_scanner_has_settled_on_it()
    {
        Ask("SCAN 1,0");
        Assert.Equal("01,0", Ask("SCAN?"));
        _device.Clock.Advance(100);
        Assert.Equal(0.012, Kelvin("KRDG? 6"), 9);          // left before the jump: its reading is stale
        Ask("SCAN 6,0");
        Assert.Equal(0.012, Kelvin("KRDG? 6"), 9);          // still within the 3 s pause
        _device.Clock.Advance(LakeShore372Scanner.DefaultPause);
        Assert.Equal(0.150, Kelvin("KRDG? 6"), 9);
        double expectedOhms = 1000 * Math.Exp(Math.Sqrt(0.1 / 0.150));
        Assert.Equal(expectedOhms, double.Parse(Ask("RDGR? 6"), CultureInfo.InvariantCulture), expectedOhms * 1e-5);
    }

    [Fact]
    public void Autoscan_visits_the_enabled_inputs_for_pause_plus_dwell_each()
    {
        for (int input = 1; input <= 16; input++)
        {
            Ask(input is 1 or 6 ? $"INSET {input},1,2,3,0,1" : $"INSET {input},0,10,3,0,1");
        }

        Assert.Equal("1,002,003,00,1", Ask("INSET? 1"));
        Assert.Equal("0,010,003,00,1", Ask("INSET? 2"));
        Ask("SCAN 1,1");
        _device.Clock.Advance(5.5);                          // 5 s on input 1, then input 6
        Assert.Equal("06,1", Ask("SCAN?"));
        _device.Clock.Advance(5);
        Assert.Equal("01,1", Ask("SCAN?"));
        _device.Clock.Advance(100);                          // many cycles later, mid-way through a visit
        Assert.Matches("^0[16],1$", Ask("SCAN?"));
        Assert.Equal(0.150, Kelvin("KRDG? 6"), 9);           // visited after the jump
    }

    [Fact]
    public void Scanner_commands_outside_their_ranges_are_execution_errors_and_change_nothing()
    {
        Ask("*CLS");
        Ask("SCAN 17,0");
        Ask("SCAN 1,2");
        Ask("INSET 3,1,0,3,0,1");
        Ask("INSET? A");
        Assert.Equal("16", Ask("*ESR?")); // execution error
        Assert.Equal("06,0", Ask("SCAN?"));
        Assert.Equal("1,010,003,00,1", Ask("INSET? 3"));
    }

    [Fact]
    public async Task A_socket_server_takes_its_well_known_port_when_free_and_an_ephemeral_one_when_taken()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        await using var first = ScpiSocketServer.Start(_bridge, port);
        await using var second = ScpiSocketServer.Start(_bridge, port);

        Assert.Equal(port, first.Port);
        Assert.NotEqual(port, second.Port);
        using var client = new RawScpiClient(second.Resource);
        client.Write("KRDG? 6\r\n");                        // the 372's own CR LF framing
        Assert.Equal("+1.20000E-02", client.ReadLine("\r\n"));
    }

    private string Ask(string message) => Encoding.ASCII.GetString(_bridge.Execute(Encoding.ASCII.GetBytes(message)) ?? []).TrimEnd('\r', '\n');

    private double Kelvin(string query) => double.Parse(Ask(query), CultureInfo.InvariantCulture);
}
