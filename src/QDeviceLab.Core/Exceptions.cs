namespace QDeviceLab.Core;

/// <summary>Base of every exception QDeviceLab throws on purpose.</summary>
public abstract class QDeviceLabException : Exception
{
    protected QDeviceLabException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Something the user wrote is wrong: a feature file, a station file, a profile, a command line.
/// The message names the file and line (or field) and what was expected; the CLI prints it
/// as one line, without a stack trace, and exits with the usage or error code.
/// </summary>
public sealed class UserInputException : QDeviceLabException
{
    public UserInputException(string source, int? line, string problem, Exception? inner = null)
        : base(Format(source, line, problem), inner)
    {
        Origin = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>File path, command-line option or other named origin of the bad input.</summary>
    public string Origin { get; }

    public int? Line { get; }

    public string Problem { get; }

    private static string Format(string source, int? line, string problem) =>
        line is int l ? $"{source}:{l}: {problem}" : $"{source}: {problem}";
}

/// <summary>
/// The link to an instrument failed: timeout, dropped connection, torn or garbled answer.
/// Carries the resource and the command in flight. Not to be confused with an error the
/// instrument itself reported (<see cref="InstrumentErrorException"/>).
/// </summary>
public class InstrumentIOException : QDeviceLabException
{
    public InstrumentIOException(string resource, string? command, string problem, bool isTransient, Exception? inner = null)
        : base(Format(resource, command, problem), inner)
    {
        Resource = resource;
        Command = command;
        IsTransient = isTransient;
    }

    public string Resource { get; }

    public string? Command { get; }

    /// <summary>True when retrying on a fresh session may succeed (timeout, dropped link).</summary>
    public bool IsTransient { get; }

    private static string Format(string resource, string? command, string problem) =>
        command is null ? $"{problem} ({resource})" : $"{problem} (asking '{Abbreviate(command)}' to {resource})";

    internal static string Abbreviate(string command) =>
        command.Length <= 80 ? command.TrimEnd('\n', '\r') : command[..77] + "...";
}

/// <summary>
/// The instrument understood us at the byte level but reported an error in its error queue,
/// e.g. <c>-113,"Undefined header"</c>.
/// </summary>
public sealed class InstrumentErrorException : QDeviceLabException
{
    public InstrumentErrorException(string resource, string? command, int code, string description)
        : base(command is null
            ? $"instrument reported {code},\"{description}\" ({resource})"
            : $"instrument reported {code},\"{description}\" after '{InstrumentIOException.Abbreviate(command)}' ({resource})")
    {
        Resource = resource;
        Command = command;
        Code = code;
        Description = description;
    }

    public string Resource { get; }

    public string? Command { get; }

    public int Code { get; }

    public string Description { get; }
}

/// <summary>A measurement or analysis step could not produce a trustworthy number.</summary>
public sealed class MeasurementException : QDeviceLabException
{
    public MeasurementException(string message, Exception? inner = null) : base(message, inner) { }
}
