using QDeviceLab.Core;

namespace QDeviceLab.Visa.NativeVisa;

/// <summary>What an installed VISA library can see (viFindRsrc), for <c>qdlab resources</c> and diagnostics.</summary>
public static class NativeVisaResources
{
    /// <summary>
    /// Resource strings matching <paramref name="expression"/> (VISA's regular-expression syntax, e.g.
    /// <c>?*::INSTR</c>, <c>GPIB?*INSTR</c>); empty when the library finds none.
    /// </summary>
    public static IReadOnlyList<string> Find(string? visaLibrary, string expression = "?*::INSTR")
    {
        var library = VisaLibrary.Load(visaLibrary, $"viFindRsrc \"{expression}\"");
        var found = library.Find(expression, out int status);
        return status >= VisaStatus.Success || status == VisaStatus.ErrorResourceNotFound
            ? found
            : throw new InstrumentIOException($"viFindRsrc \"{expression}\"", null, $"viFindRsrc through {library.Path} failed: {library.Describe(0, status)}", isTransient: false);
    }
}
