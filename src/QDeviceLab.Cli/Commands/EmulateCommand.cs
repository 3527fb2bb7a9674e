using System.CommandLine;
using QDeviceLab.Emulation;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab emulate [--station FILE] [--seed N]</c>: serves the emulated station on loopback
/// and prints its resource strings (SOCKET, then VXI-11 INSTR, <c>inst0</c> being the first instrument, then HiSLIP),
/// until Ctrl-C, so any VISA client can drive it.
/// </summary>
internal static class EmulateCommand
{
    public static Command Create(TextWriter output)
    {
        var station = new Option<string?>("--station") { Description = "Station file with an emulator: section (default: the embedded emulated station)" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the emulated randomness (default: the station file's)" };
        var command = new Command("emulate", "Serve the emulated station's instruments on loopback until stopped") { station, seed };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(station) is { } given ? Path.GetFullPath(given) : DefaultPaths.Find(DefaultPaths.EmulatedStation);
            // Port 111 is where VISA clients look for a VXI-11 portmapper; without root we get another.
            // The Lake Shore bridges also get a serial line (pseudo-terminal, 8N1) where socat is installed.
            var serialLines = EmulatedStation.SerialLinesAvailable ? SerialLines.LakeShoreBridges : SerialLines.None;
            // Instruments with a port of their own (Lake Shore 372: TCP 7777) get it when it is free.
            await using var emulator = EmulatedStation.Start(path, result.GetValue(seed), Visa.Vxi11.Vxi11Protocol.DefaultPortmapperPort, serialLines, wellKnownPorts: true);
            foreach (var (name, resource) in emulator.Resources)
            {
                await output.WriteLineAsync($"{name,-10} {resource}").ConfigureAwait(false);
            }

            foreach (var (name, resource) in emulator.Vxi11Resources)
            {
                await output.WriteLineAsync($"{name,-10} {resource}").ConfigureAwait(false);
            }

            // HiSLIP: one port for the station, hislip<n> is the n-th instrument.
            foreach (var (name, resource) in emulator.HiSlipResources)
            {
                await output.WriteLineAsync($"{name,-10} {resource}").ConfigureAwait(false);
            }

            foreach (var (name, resource) in emulator.SerialResources)
            {
                await output.WriteLineAsync($"{name,-10} {resource}").ConfigureAwait(false);
            }

            if (emulator.PortmapperPort != Visa.Vxi11.Vxi11Protocol.DefaultPortmapperPort)
            {
                // Without port 111 (not root, or a system rpcbind has it) VISA clients cannot find the
                // VXI-11 server by the resource string alone; say where the portmapper is.
                await output.WriteLineAsync($"VXI-11 portmapper on 127.0.0.1:{emulator.PortmapperPort} (not 111; port 111 was taken or needs root)").ConfigureAwait(false);
            }

            await output.WriteLineAsync("Serving; press Ctrl-C to stop.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Pass;
        });
        return command;
    }
}
