namespace QDeviceLab.Emulation.Scpi;

/// <summary>One entry of an SCPI error queue: standard code and message, optionally a detail.</summary>
internal readonly record struct ScpiError(int Code, string Message)
{
    public static readonly ScpiError CommandError = new(-100, "Command error");
    public static readonly ScpiError InvalidCharacter = new(-101, "Invalid character");
    public static readonly ScpiError SyntaxError = new(-102, "Syntax error");
    public static readonly ScpiError DataTypeError = new(-104, "Data type error");
    public static readonly ScpiError ParameterNotAllowed = new(-108, "Parameter not allowed");
    public static readonly ScpiError MissingParameter = new(-109, "Missing parameter");
    public static readonly ScpiError UndefinedHeader = new(-113, "Undefined header");
    public static readonly ScpiError HeaderSuffixOutOfRange = new(-114, "Header suffix out of range");
    public static readonly ScpiError NumericDataError = new(-120, "Numeric data error");
    public static readonly ScpiError InvalidStringData = new(-151, "Invalid string data");
    public static readonly ScpiError InvalidBlockData = new(-161, "Invalid block data");
    public static readonly ScpiError ExecutionError = new(-200, "Execution error");
    public static readonly ScpiError SettingsConflict = new(-221, "Settings conflict");
    public static readonly ScpiError DataOutOfRange = new(-222, "Data out of range");
    public static readonly ScpiError TooMuchData = new(-223, "Too much data");
    public static readonly ScpiError IllegalParameterValue = new(-224, "Illegal parameter value");
    public static readonly ScpiError OutOfMemory = new(-225, "Out of memory");
    public static readonly ScpiError DataCorruptOrStale = new(-230, "Data corrupt or stale");
    public static readonly ScpiError QueueOverflow = new(-350, "Queue overflow");

    public static readonly ScpiError NoError = new(0, "No error");

    /// <summary>The same error with a device-specific detail appended after ';' as SCPI allows.</summary>
    public ScpiError With(string detail) => new(Code, $"{Message}; {detail}");

    /// <summary>Wire form <c>-113,"Undefined header"</c> (embedded quotes doubled).</summary>
    public override string ToString() => $"{Code},\"{Message.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

/// <summary>Thrown by a command handler to put an error in the queue and abandon the command.</summary>
internal sealed class ScpiErrorException(ScpiError error) : Exception(error.ToString())
{
    public ScpiError Error { get; } = error;
}
