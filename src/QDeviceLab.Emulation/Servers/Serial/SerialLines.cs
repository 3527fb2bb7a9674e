namespace QDeviceLab.Emulation;

/// <summary>
/// Which instruments of an <see cref="EmulatedStation"/> are also served over a serial line (a
/// pseudo-terminal pair, needs socat), besides SOCKET and VXI-11.
/// </summary>
public sealed class SerialLines
{
    private const string LakeShore372Model = "Lake Shore 372";

    private SerialLines(Func<string, string, bool> includes, string description)
    {
        Includes = includes;
        Description = description;
    }

    /// <summary>No serial lines (the default).</summary>
    public static SerialLines None { get; } = new((_, _) => false, "none");

    /// <summary>Every Lake Shore 372 bridge, which on a real station usually hangs on USB serial.</summary>
    public static SerialLines LakeShoreBridges { get; } = new((_, model) => string.Equals(model, LakeShore372Model, StringComparison.OrdinalIgnoreCase), "Lake Shore 372 bridges");

    /// <summary>The named instruments.</summary>
    public static SerialLines For(params string[] instrumentNames)
    {
        var names = new HashSet<string>(instrumentNames, StringComparer.Ordinal);
        return new((name, _) => names.Contains(name), string.Join(", ", instrumentNames));
    }

    /// <summary>Whether the instrument <paramref name="name"/> of <paramref name="model"/> gets a serial line.</summary>
    public Func<string, string, bool> Includes { get; }

    public string Description { get; }

    public override string ToString() => Description;
}
