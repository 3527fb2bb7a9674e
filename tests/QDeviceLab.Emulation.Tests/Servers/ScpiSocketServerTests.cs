using System.Net.Sockets;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Servers;

public sealed class ScpiSocketServerTests
{
    [Fact]
    public async Task Resources_are_loopback_socket_resources_on_distinct_ports()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        Assert.Equal(["awg1", "awg2", "bridge", "dig1", "dig2", "fridge", "lo1"], station.Resources.Keys.Order());
        Assert.All(station.Resources.Values, r => Assert.Matches("^TCPIP0::127\\.0\\.0\\.1::\\d+::SOCKET$", r));
        Assert.Equal(station.Resources.Count, station.Resources.Values.Distinct().Count());
    }

    [Fact]
    public async Task A_block_announcing_more_than_the_limit_closes_the_connection_and_logs_minus_223()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using (var awg = new RawScpiClient(station.Resources["awg1"]))
        {
            awg.Write("WLIS:WAV:DATA \"w\",0,10,#9999999999");
            Assert.True(awg.IsClosedByServer());
        }

        using var again = new RawScpiClient(station.Resources["awg1"]);
        Assert.StartsWith("-223,\"Too much data", again.Query("SYST:ERR?"));
    }

    [Fact]
    public async Task Concurrent_clients_each_get_their_own_answers_in_order()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var tasks = Enumerable.Range(1, 4).Select(client => Task.Run(() =>
        {
            using var awg = new RawScpiClient(station.Resources["awg1"]);
            for (int i = 0; i < 50; i++)
            {
                // A chain whose answer depends on this client's own suffix.
                Assert.Equal($"{client};0", awg.Query($"*OPC?;:OUTP{client + 4}?").Replace("1;", $"{client};", StringComparison.Ordinal));
                Assert.StartsWith("TEKTRONIX,AWG5208", awg.Query("*IDN?"));
            }
        }));
        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task A_message_split_across_many_tcp_writes_is_one_message()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        awg.WriteLine("WLIS:WAV:NEW \"w\",2");
        var bytes = Waveforms.DataCommand("w", [0.25f, -0.5f]);
        foreach (byte b in bytes)
        {
            awg.Write([b]);
        }

        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
        awg.WriteLine("WLIS:WAV:DATA? \"w\"");
        Assert.Equal([0.25f, -0.5f], Waveforms.Floats(awg.ReadBlock(), bigEndian: false));
    }

    [Fact]
    public async Task Disposing_the_station_closes_connections_and_stops_listening()
    {
        var station = EmulatedStation.Start(StationFiles.Default);
        string resource = station.Resources["dig1"];
        using var client = new RawScpiClient(resource);
        Assert.StartsWith("QDeviceLab", client.Query("*IDN?"));
        await station.DisposeAsync();
        Assert.True(client.IsClosedByServer());
        Assert.ThrowsAny<SocketException>(() => new RawScpiClient(resource));
    }
}
