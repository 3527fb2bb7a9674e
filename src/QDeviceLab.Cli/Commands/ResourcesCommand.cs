using System.CommandLine;
using QDeviceLab.Emulation;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Visa;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab resources [--station FILE]</c>: lists a station's instruments and their resource strings,
/// and whether the ones on this machine (loopback) answer <c>*IDN?</c>. A station with an
/// <c>emulator:</c> section (the embedded one by default) is started first and listed on every
/// transport it serves: SOCKET, VXI-11, HiSLIP and, where socat is installed, serial.
/// </summary>
internal static class ResourcesCommand
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static Command Create(TextWriter output)
    {
        var station = new Option<string?>("--station") { Description = "Station file (default: the embedded emulated station)" };
        var command = new Command("resources", "List a station's instruments and resources, and whether local ones answer *IDN?") { station };
        command.SetAction(async (result, cancellationToken) =>
        {
            string path = result.GetValue(station) is { } given ? Existing(given) : DefaultPaths.Find(DefaultPaths.EmulatedStation);
            var definition = StationFile.Load(path);
            await output.WriteLineAsync($"station '{definition.Name}' ({path})").ConfigureAwait(false);
            if (!definition.DescribesEmulator)
            {
                foreach (var instrument in definition.Instruments.Values)
                {
                    // Probed through the backend the station file names for it, as a run would open it.
                    var chosen = new MessageSessionOptions { Backend = instrument.Backend, VisaLibrary = instrument.VisaLibrary, UsbtmcDevice = instrument.UsbtmcDevice };
                    await ListAsync(output, instrument, instrument.Resource, chosen, cancellationToken).ConfigureAwait(false);
                }

                return ExitCodes.Pass;
            }

            var serial = EmulatedStation.SerialLinesAvailable ? SerialLines.LakeShoreBridges : SerialLines.None;
            await using var emulator = EmulatedStation.Start(path, null, 0, serial);
            var options = new MessageSessionOptions { Vxi11PortmapperPort = emulator.PortmapperPort };
            foreach (var instrument in definition.Instruments.Values)
            {
                foreach (var transport in new[] { emulator.Resources, emulator.Vxi11Resources, emulator.HiSlipResources, emulator.SerialResources })
                {
                    if (transport.TryGetValue(instrument.Name, out var resource))
                    {
                        await ListAsync(output, instrument, resource, options, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (!EmulatedStation.SerialLinesAvailable)
            {
                await output.WriteLineAsync("(no serial lines: socat is not installed)").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"(emulated on 127.0.0.1; VXI-11 portmapper on port {emulator.PortmapperPort}; stopped on exit)").ConfigureAwait(false);
            return ExitCodes.Pass;
        });
        return command;
    }

    private static async Task ListAsync(TextWriter output, InstrumentDefinition instrument, string resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        string status = await ProbeAsync(resource, options, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"{instrument.Name,-10} {instrument.Model,-20} {resource,-42} {status}").ConfigureAwait(false);
    }

    /// <summary>Only resources on this machine are asked: a lab's real instruments are not poked by a listing.</summary>
    private static async Task<string> ProbeAsync(string resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        if (!ResourceName.TryParse(resource, out var name, out var problem))
        {
            return $"not a resource string: {problem}";
        }

        bool local = name!.InterfaceType == InterfaceType.Tcpip
            ? name.Host is "127.0.0.1" or "localhost" or "::1"
            : name.SerialDevicePath?.StartsWith("/dev/pts/", StringComparison.Ordinal) == true;
        if (!local)
        {
            return "(not probed: not a loopback resource)";
        }

        try
        {
            await using var session = await MessageSession.OpenAsync(name, options with { Timeout = ProbeTimeout, ConnectTimeout = ProbeTimeout }, cancellationToken).ConfigureAwait(false);
            return "answers " + await session.QueryAsync("*IDN?", cancellationToken).ConfigureAwait(false);
        }
        catch (Core.InstrumentIOException e)
        {
            return $"no answer: {e.Message}";
        }
    }

    private static string Existing(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new UsageException($"no station file '{path}'");
    }
}
