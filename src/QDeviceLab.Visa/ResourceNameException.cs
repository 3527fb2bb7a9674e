namespace QDeviceLab.Visa;

/// <summary>
/// A VISA resource string does not follow the VPP-4.3 grammar. The message quotes the input and
/// says which <c>::</c>-separated field is wrong and what was expected there.
/// </summary>
public sealed class ResourceNameException : FormatException
{
    public ResourceNameException(string input, int field, string problem)
        : base(field > 0 ? $"'{input}': field {field}: {problem}" : $"'{input}': {problem}")
    {
        Input = input;
        Field = field;
        Problem = problem;
    }

    /// <summary>The resource string as given.</summary>
    public string Input { get; }

    /// <summary>1-based index of the offending <c>::</c>-separated field, 0 when the whole string is at fault.</summary>
    public int Field { get; }

    /// <summary>What is wrong, without the quoted input.</summary>
    public string Problem { get; }
}
