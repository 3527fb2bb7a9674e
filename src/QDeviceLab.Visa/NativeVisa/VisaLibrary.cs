using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using QDeviceLab.Core;

namespace QDeviceLab.Visa.NativeVisa;

/// <summary>
/// An installed VISA shared library, loaded once per path with <see cref="NativeLibrary"/> and called
/// through function pointers, so which library is used is decided at run time (station file,
/// <c>QDLAB_VISA_LIBRARY</c>, or the platform's usual names) rather than at build time. Holds the
/// library's default resource manager session for the life of the process, as VISA intends.
/// Types follow visatype.h: ViSession/ViUInt32 are 32 bits, ViAttrState is pointer-sized, ViStatus
/// is a signed 32-bit integer; the platform's default calling convention is VISA's (_VI_FUNCC).
/// </summary>
internal sealed unsafe class VisaLibrary
{
    public const string EnvironmentVariable = "QDLAB_VISA_LIBRARY";

    private static readonly ConcurrentDictionary<string, VisaLibrary> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadGate = new();

    private readonly delegate* unmanaged<uint*, int> _openDefaultRm;
    private readonly delegate* unmanaged<uint, byte*, uint, uint, uint*, int> _open;
    private readonly delegate* unmanaged<uint, int> _close;
    private readonly delegate* unmanaged<uint, byte*, uint, uint*, int> _write;
    private readonly delegate* unmanaged<uint, byte*, uint, uint*, int> _read;
    private readonly delegate* unmanaged<uint, uint, nuint, int> _setAttribute;
    private readonly delegate* unmanaged<uint, uint, void*, int> _getAttribute;
    private readonly delegate* unmanaged<uint, int> _clear;
    private readonly delegate* unmanaged<uint, ushort*, int> _readStb;
    private readonly delegate* unmanaged<uint, int, byte*, int> _statusDesc;
    private readonly delegate* unmanaged<uint, byte*, uint*, uint*, byte*, int> _findRsrc;
    private readonly delegate* unmanaged<uint, byte*, int> _findNext;
    private readonly delegate* unmanaged<uint, uint, uint, byte*, byte*, int> _lock;
    private readonly delegate* unmanaged<uint, int> _unlock;
    private readonly uint _resourceManager;

    private VisaLibrary(string path, nint handle)
    {
        Path = path;
        _openDefaultRm = (delegate* unmanaged<uint*, int>)Export(handle, "viOpenDefaultRM");
        _open = (delegate* unmanaged<uint, byte*, uint, uint, uint*, int>)Export(handle, "viOpen");
        _close = (delegate* unmanaged<uint, int>)Export(handle, "viClose");
        _write = (delegate* unmanaged<uint, byte*, uint, uint*, int>)Export(handle, "viWrite");
        _read = (delegate* unmanaged<uint, byte*, uint, uint*, int>)Export(handle, "viRead");
        _setAttribute = (delegate* unmanaged<uint, uint, nuint, int>)Export(handle, "viSetAttribute");
        _getAttribute = (delegate* unmanaged<uint, uint, void*, int>)Export(handle, "viGetAttribute");
        _clear = (delegate* unmanaged<uint, int>)Export(handle, "viClear");
        _readStb = (delegate* unmanaged<uint, ushort*, int>)Export(handle, "viReadSTB");
        _statusDesc = (delegate* unmanaged<uint, int, byte*, int>)Export(handle, "viStatusDesc");
        _findRsrc = (delegate* unmanaged<uint, byte*, uint*, uint*, byte*, int>)Export(handle, "viFindRsrc");
        _findNext = (delegate* unmanaged<uint, byte*, int>)Export(handle, "viFindNext");
        _lock = (delegate* unmanaged<uint, uint, uint, byte*, byte*, int>)Export(handle, "viLock");
        _unlock = (delegate* unmanaged<uint, int>)Export(handle, "viUnlock");
        uint rm;
        int status = _openDefaultRm(&rm);
        if (status < VisaStatus.Success)
        {
            throw new InvalidOperationException($"viOpenDefaultRM in {path} failed: {Describe(0, status)}");
        }

        _resourceManager = rm;
    }

    /// <summary>The path or name the library was loaded from.</summary>
    public string Path { get; }

    public uint ResourceManager => _resourceManager;

    /// <summary>Names tried when neither the station file nor <c>QDLAB_VISA_LIBRARY</c> names a library.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = OperatingSystem.IsWindows()
        ? (Environment.Is64BitProcess ? ["visa64.dll", "visa32.dll"] : ["visa32.dll"])
        : OperatingSystem.IsMacOS()
            ? ["/Library/Frameworks/VISA.framework/VISA", "libvisa.dylib"]
            : ["libvisa.so.0", "libvisa.so", "libiovisa.so"];

    /// <summary>
    /// Loads the library named by <paramref name="explicitPath"/>, else by <c>QDLAB_VISA_LIBRARY</c>, else
    /// the first of <see cref="DefaultNames"/> that loads. Failure names every candidate tried and how
    /// to point at a library.
    /// </summary>
    public static VisaLibrary Load(string? explicitPath, string resource) =>
        Load(explicitPath, resource, Environment.GetEnvironmentVariable(EnvironmentVariable), DefaultNames);

    /// <summary><see cref="Load(string?, string)"/> with the environment and the usual names given (tests).</summary>
    internal static VisaLibrary Load(string? explicitPath, string resource, string? fromEnvironment, IReadOnlyList<string> defaultNames)
    {
        string? chosen = string.IsNullOrWhiteSpace(explicitPath) ? fromEnvironment : explicitPath;
        IReadOnlyList<string> candidates = string.IsNullOrWhiteSpace(chosen) ? defaultNames : [chosen];
        var problems = new List<string>();
        foreach (string candidate in candidates)
        {
            if (Loaded.TryGetValue(candidate, out var cached))
            {
                return cached;
            }

            lock (LoadGate)
            {
                if (Loaded.TryGetValue(candidate, out cached))
                {
                    return cached;
                }

                if (!NativeLibrary.TryLoad(candidate, out nint handle))
                {
                    problems.Add($"{candidate} (not found or not loadable)");
                    continue;
                }

                try
                {
                    var library = new VisaLibrary(candidate, handle);
                    Loaded[candidate] = library;
                    return library;
                }
                catch (Exception e) when (e is EntryPointNotFoundException or InvalidOperationException)
                {
                    problems.Add($"{candidate} ({e.Message})");
                }
            }
        }

        string origin = string.IsNullOrWhiteSpace(explicitPath)
            ? string.IsNullOrWhiteSpace(chosen) ? "the usual names" : $"{EnvironmentVariable}"
            : "the station file's visa_library";
        throw new InstrumentIOException(
            resource,
            command: null,
            $"no usable VISA library for the native backend; tried {origin}: {string.Join(", ", problems)}. "
                + $"Install a VISA implementation (NI-VISA, Keysight IO Libraries, R&S VISA) or point at one with "
                + $"'visa_library: /path/to/libvisa.so' in the station file or the {EnvironmentVariable} environment variable",
            isTransient: false);
    }

    public int Open(string resource, uint timeoutMilliseconds, out uint session)
    {
        byte[] name = NullTerminated(resource);
        fixed (byte* p = name)
        fixed (uint* s = &session)
        {
            return _open(_resourceManager, p, VisaStatus.NoLock, timeoutMilliseconds, s);
        }
    }

    public int Close(uint session) => _close(session);

    public int Write(uint session, byte* data, uint count, out uint written)
    {
        fixed (uint* w = &written)
        {
            return _write(session, data, count, w);
        }
    }

    public int Read(uint session, byte* into, uint count, out uint read)
    {
        fixed (uint* r = &read)
        {
            return _read(session, into, count, r);
        }
    }

    public int SetAttribute(uint session, uint attribute, nuint value) => _setAttribute(session, attribute, value);

    /// <summary>Reads an attribute of up to 8 bytes (ViUInt32, ViBoolean, ViUInt8, ViAttrState); the caller narrows it.</summary>
    public int GetAttribute(uint session, uint attribute, out ulong value)
    {
        ulong v = 0;
        int status = _getAttribute(session, attribute, &v);
        value = v;
        return status;
    }

    /// <summary>Reads a string attribute (VI_ATTR_RSRC_NAME); VISA writes at most 256 bytes.</summary>
    public int GetAttribute(uint session, uint attribute, out string value)
    {
        byte* buffer = stackalloc byte[VisaStatus.FindBufferLength + 1];
        buffer[VisaStatus.FindBufferLength] = 0;
        int status = _getAttribute(session, attribute, buffer);
        value = status >= 0 ? Marshal.PtrToStringUTF8((nint)buffer) ?? "" : "";
        return status;
    }

    public int Clear(uint session) => _clear(session);

    public int ReadStatusByte(uint session, out ushort status)
    {
        fixed (ushort* s = &status)
        {
            return _readStb(session, s);
        }
    }

    public int Lock(uint session, uint timeoutMilliseconds) => _lock(session, VisaStatus.ExclusiveLock, timeoutMilliseconds, null, null);

    public int Unlock(uint session) => _unlock(session);

    /// <summary>viFindRsrc then viFindNext until the list is exhausted.</summary>
    public IReadOnlyList<string> Find(string expression, out int status)
    {
        var found = new List<string>();
        byte[] expr = NullTerminated(expression);
        byte* description = stackalloc byte[VisaStatus.FindBufferLength + 1];
        uint list;
        uint count;
        fixed (byte* e = expr)
        {
            status = _findRsrc(_resourceManager, e, &list, &count, description);
        }

        if (status < VisaStatus.Success)
        {
            return found;
        }

        description[VisaStatus.FindBufferLength] = 0;
        found.Add(Marshal.PtrToStringUTF8((nint)description) ?? "");
        for (uint i = 1; i < count && _findNext(list, description) >= VisaStatus.Success; i++)
        {
            found.Add(Marshal.PtrToStringUTF8((nint)description) ?? "");
        }

        _close(list);
        return found;
    }

    /// <summary>
    /// "VI_ERROR_TMO (0xBFFF0015): &lt;the library's viStatusDesc text&gt;": the code's symbol for
    /// searching, the library's words for reading.
    /// </summary>
    public string Describe(uint session, int status)
    {
        byte* buffer = stackalloc byte[VisaStatus.FindBufferLength + 1];
        buffer[0] = 0;
        buffer[VisaStatus.FindBufferLength] = 0;
        string? text = _statusDesc is null || _statusDesc(session, status, buffer) < VisaStatus.Success ? null : Marshal.PtrToStringUTF8((nint)buffer);
        string code = $"0x{unchecked((uint)status):X8}";
        string name = VisaStatus.Name(status);
        string head = name.StartsWith("0x", StringComparison.Ordinal) ? code : $"{name} ({code})";
        return string.IsNullOrWhiteSpace(text) ? head : $"{head}: {text.Trim()}";
    }

    private static nint Export(nint handle, string name) =>
        NativeLibrary.TryGetExport(handle, name, out nint address)
            ? address
            : throw new EntryPointNotFoundException($"it has no {name}");

    private static byte[] NullTerminated(string text)
    {
        byte[] bytes = new byte[Encoding.ASCII.GetByteCount(text) + 1];
        Encoding.ASCII.GetBytes(text, bytes);
        return bytes;
    }
}
