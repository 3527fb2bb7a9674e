using System.CommandLine;
using QDeviceLab.Emulation;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab emulate [--station FILE] [--seed N]</c>: serves the emulated station on loopback
/// and prints its resource strings, until Ctrl-C, so any VISA client can drive it.
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
            await using var emulator = EmulatedStation.Start(path, result.GetValue(seed));
            foreach (var (name, resource) in emulator.Resources)
            {
                await output.WriteLineAsync($"{name,-10} {resource}").ConfigureAwait(false);
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
