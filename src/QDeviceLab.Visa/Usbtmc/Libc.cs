using System.Runtime.InteropServices;

namespace QDeviceLab.Visa.Usbtmc;

/// <summary>
/// The few libc calls a usbtmc device file needs. Each returns -1 and sets errno on failure
/// (<see cref="Marshal.GetLastPInvokeError"/>); <see cref="UsbtmcDeviceFile"/> turns that into
/// a <see cref="UsbtmcErrnoException"/>.
/// </summary>
internal static partial class Libc
{
    public const int ORdWr = 2;
    public const int OCloExec = 0x80000; // 02000000 octal
    public const short PollIn = 0x001;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    /// <summary><c>ioctl(fd, request, arg)</c> where arg points at the request's argument (or is null for _IO requests).</summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static unsafe partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
