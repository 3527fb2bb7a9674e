using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace QDeviceLab.Emulation.Servers.Serial;

/// <summary>
/// The instrument's end of a <see cref="SocatPtyPair"/> opened as a plain file: blocking reads and
/// writes on the pseudo-terminal, which socat has already put in raw mode. The twin used
/// <c>System.IO.Ports.SerialPort</c> here, whose Unix I/O loop polls the line about a thousand times
/// a second even while nothing is sent, which an idle <c>qdlab emulate</c> and every pinned
/// benchmark paid for. Baud, framing and modem lines mean nothing on a pseudo-terminal, so a file
/// is all the twin needs. Opened with O_NOCTTY, so the emulator never takes the terminal as its
/// controlling one (and so never gets SIGHUP when the line hangs up); a read blocked on it ends
/// when socat goes away, which is how the server stops.
/// </summary>
internal static class PseudoTerminalEnd
{
    private const int ReadWrite = 2;          // O_RDWR
    private const int NoControllingTty = 0x100; // O_NOCTTY (0400 octal)
    private const int CloseOnExec = 0x80000;  // O_CLOEXEC (02000000 octal)

    public static FileStream Open(string path)
    {
        int fd = OpenFile(path, ReadWrite | NoControllingTty | CloseOnExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open the pseudo-terminal {path}: {new Win32Exception(errno).Message} (errno {errno})");
        }

        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0, isAsync: false);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int OpenFile(string path, int flags);
}
