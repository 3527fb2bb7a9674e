using System.CommandLine;
using QDeviceLab.Cli.Commands;
using QDeviceLab.Core;

namespace QDeviceLab.Cli;

/// <summary>The <c>qdlab</c> command tree and the one place user mistakes become exit codes.</summary>
internal static class QdlabCommand
{
    /// <param name="cancellationToken">Stops long commands (run, emulate) as Ctrl-C would; for hosting and tests.</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("QDeviceLab: characterize quantum devices against standards, on real or emulated instruments.");
        root.Subcommands.Add(RunCommand.Create(output));
        root.Subcommands.Add(EmulateCommand.Create(output));
        root.Subcommands.Add(FitCommand.Create(output));
        root.Subcommands.Add(ReportCommand.Create(output));
        root.Subcommands.Add(IdentifyCommand.Create(output));
        root.Subcommands.Add(ResourcesCommand.Create(output));

        // Tag expressions start with '@', which System.CommandLine would read as a response file.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"qdlab: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Try 'qdlab --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"qdlab: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (UserInputException e)
        {
            // A mistake in a file the user wrote: one line, no stack trace.
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (QDeviceLabException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }
}

/// <summary>The command line asks for something impossible (missing path, bad seed...).</summary>
internal sealed class UsageException(string message) : Exception(message);
