using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using QDeviceLab.Visa;
using QDeviceLab.Visa.Serial;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab identify RESOURCE [--timeout SECONDS] [--serial "9600 7O1"] [--backend managed|usbtmc|native]
/// [--visa-library PATH] [--device /dev/usbtmcN]</c>: opens one resource, asks <c>*IDN?</c>, drains the
/// SCPI error queue when the instrument has one, closes. Exit 0 when it answered, 3 on an I/O error,
/// 64 on a resource string the parser refuses (with the parser's message).
/// </summary>
internal static partial class IdentifyCommand
{
    /// <summary>An error queue longer than this is reported as "more" rather than drained for ever.</summary>
    private const int MaxErrors = 32;

    /// <summary>
    /// Makers whose instruments answer <c>*IDN?</c> but have no SCPI error queue: asking <c>SYSTem:ERRor?</c>
    /// only adds a command error and waits out a timeout (Lake Shore reports errors in <c>*ESR?</c>).
    /// </summary>
    private static readonly string[] MakersWithoutScpiErrorQueue = ["LSCI", "LAKE SHORE"];

    public static Command Create(TextWriter output)
    {
        var resource = new Argument<string>("resource") { Description = "VISA resource string, e.g. TCPIP0::192.0.2.10::5025::SOCKET or ASRL/dev/ttyUSB0::INSTR" };
        var timeout = new Option<double>("--timeout") { Description = "Per-operation timeout in seconds (default 2)", DefaultValueFactory = _ => 2.0 };
        var serial = new Option<string?>("--serial") { Description = "Serial line settings for ASRL resources, e.g. \"9600 7O1\" (default 9600 8N1)" };
        var backend = new Option<string?>("--backend") { Description = "managed, usbtmc or native (default: managed for TCPIP/ASRL, usbtmc for USB on Linux, native otherwise)" };
        var visaLibrary = new Option<string?>("--visa-library") { Description = "VISA library for the native backend (default: QDLAB_VISA_LIBRARY, then libvisa.so.0, libvisa.so, libiovisa.so)" };
        var device = new Option<string?>("--device") { Description = "Device file for the usbtmc backend, e.g. /dev/usbtmc0 (default: found through sysfs)" };
        var command = new Command("identify", "Ask one instrument who it is (*IDN?) and what errors it holds") { resource, timeout, serial, backend, visaLibrary, device };
        command.SetAction(async (result, cancellationToken) =>
        {
            string text = result.GetValue(resource)!;
            double seconds = result.GetValue(timeout);
            if (!double.IsFinite(seconds) || seconds <= 0)
            {
                throw new UsageException($"--timeout must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            }

            if (!ResourceName.TryParse(text, out var name, out var problem))
            {
                throw new UsageException(problem ?? $"'{text}' is not a VISA resource name");
            }

            VisaBackend? chosen = null;
            if (result.GetValue(backend) is { } backendText)
            {
                chosen = VisaBackends.TryParse(backendText, out var parsed)
                    ? parsed
                    : throw new UsageException($"--backend '{backendText}' is not one of {string.Join(", ", VisaBackends.Names)}");
            }

            var options = new MessageSessionOptions
            {
                Backend = chosen,
                VisaLibrary = result.GetValue(visaLibrary),
                UsbtmcDevice = result.GetValue(device),
                Timeout = TimeSpan.FromSeconds(seconds),
                ConnectTimeout = TimeSpan.FromSeconds(Math.Max(seconds, 2)),
                Serial = result.GetValue(serial) is { } lineSettings ? ParseSerial(lineSettings) : null,
            };
            await using var session = await MessageSession.OpenAsync(name!, options, cancellationToken).ConfigureAwait(false);
            string identity = await session.QueryAsync("*IDN?", cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"resource: {name}").ConfigureAwait(false);
            await output.WriteLineAsync($"backend: {(chosen ?? VisaBackends.DefaultFor(name!)).Name()}").ConfigureAwait(false);
            await output.WriteLineAsync($"identity: {identity}").ConfigureAwait(false);
            foreach (string line in await DrainErrorsAsync(session, identity, cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ExitCodes.Pass;
        });
        return command;
    }

    private static async Task<List<string>> DrainErrorsAsync(IMessageSession session, string identity, CancellationToken cancellationToken)
    {
        string maker = identity.Split(',')[0].Trim();
        if (MakersWithoutScpiErrorQueue.Any(m => maker.Equals(m, StringComparison.OrdinalIgnoreCase)))
        {
            return [$"errors: not asked ({maker} instruments have no SYSTem:ERRor? queue)"];
        }

        var lines = new List<string>();
        for (int i = 0; i < MaxErrors; i++)
        {
            string answer;
            try
            {
                answer = await session.QueryAsync("SYSTem:ERRor?", cancellationToken).ConfigureAwait(false);
            }
            catch (VisaTimeoutException)
            {
                // Not a SCPI instrument after all: it said who it is, which is what was asked.
                lines.Add("errors: no answer to SYSTem:ERRor? (the instrument does not seem to speak SCPI)");
                return lines;
            }

            var match = ErrorEntry().Match(answer);
            if (!match.Success)
            {
                lines.Add($"errors: SYSTem:ERRor? answered '{answer}', not a SCPI error entry; stopped asking");
                return lines;
            }

            if (int.Parse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) == 0)
            {
                if (lines.Count == 0)
                {
                    lines.Add("errors: none");
                }

                return lines;
            }

            lines.Add($"error: {answer}");
        }

        lines.Add($"errors: more than {MaxErrors}; stopped reading the queue");
        return lines;
    }

    /// <summary>The form manuals and terminal programs use: <c>9600 7O1</c> (baud, data bits, N/O/E/M/S, stop bits 1, 1.5 or 2).</summary>
    internal static SerialSettings ParseSerial(string text)
    {
        var match = SerialLine().Match(text);
        if (!match.Success)
        {
            throw new UsageException($"--serial '{text}' is not of the form \"9600 7O1\" (baud, data bits 5-8, parity N/O/E/M/S, stop bits 1, 1.5 or 2)");
        }

        var settings = new SerialSettings
        {
            BaudRate = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            DataBits = match.Groups[2].Value[0] - '0',
            Parity = char.ToUpperInvariant(match.Groups[3].Value[0]) switch
            {
                'O' => SerialParity.Odd,
                'E' => SerialParity.Even,
                'M' => SerialParity.Mark,
                'S' => SerialParity.Space,
                _ => SerialParity.None,
            },
            StopBits = match.Groups[4].Value switch
            {
                "2" => SerialStopBits.Two,
                "1.5" => SerialStopBits.OnePointFive,
                _ => SerialStopBits.One,
            },
        };
        return settings.Problem() is { } problem ? throw new UsageException($"--serial '{text}': {problem}") : settings;
    }

    [GeneratedRegex(@"^\s*(\d{1,7})\s+([5-8])([NOEMSnoems])(1\.5|1|2)\s*$")]
    private static partial Regex SerialLine();

    [GeneratedRegex(@"^\s*([+-]?\d+)\s*,")]
    private static partial Regex ErrorEntry();
}
