using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace QDeviceLab.Visa.Tests.NativeVisa;

/// <summary>
/// Builds <c>standin_visa.c</c> (copied next to the test binaries) with gcc into a temporary directory,
/// once per test run, and maps GPIB addresses to loopback ports through the environment variables the
/// stand-in reads. The environment is set with libc's setenv because .NET's own copy of the
/// environment is invisible to native code.
/// </summary>
internal static partial class StandInVisaLibrary
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>Full path of the built <c>libstandin_visa.so</c>; building failed means a clear exception here.</summary>
    public static string Path => Built.Value;

    /// <summary>Makes the stand-in's <c>GPIB0::primary::INSTR</c> connect to 127.0.0.1:<paramref name="port"/>.</summary>
    public static void MapGpib(int primary, int port)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"STANDIN_VISA_GPIB_{primary}");
        if (SetEnv(name, port.ToString(CultureInfo.InvariantCulture), 1) != 0)
        {
            throw new InvalidOperationException($"setenv {name} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void UnmapGpib(int primary) => UnsetEnv(string.Create(CultureInfo.InvariantCulture, $"STANDIN_VISA_GPIB_{primary}"));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);

    private static string Build()
    {
        string source = System.IO.Path.Combine(AppContext.BaseDirectory, "NativeVisa", "standin_visa.c");
        string? gcc = Environment.GetEnvironmentVariable("PATH")?.Split(':')
            .Select(dir => System.IO.Path.Combine(dir, "gcc"))
            .FirstOrDefault(File.Exists);
        if (gcc is null)
        {
            throw new InvalidOperationException(
                "the native VISA backend tests build a stand-in VISA library from NativeVisa/standin_visa.c with gcc, "
                + "and no gcc is on PATH; install it (apt-get install -y gcc)");
        }

        var directory = Directory.CreateTempSubdirectory("qdlab-standin-visa-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        };
        string output = System.IO.Path.Combine(directory.FullName, "libstandin_visa.so");
        var start = new ProcessStartInfo(gcc)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList = { "-shared", "-fPIC", "-O2", "-o", output, source, "-lpthread" },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {gcc}");
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(output)
            ? output
            : throw new InvalidOperationException($"gcc could not build the stand-in VISA library from {source} (exit {process.ExitCode}): {errors}");
    }
}
