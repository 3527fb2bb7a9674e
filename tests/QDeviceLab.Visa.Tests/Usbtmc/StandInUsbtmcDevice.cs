using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using QDeviceLab.Visa.Usbtmc;

namespace QDeviceLab.Visa.Tests.Usbtmc;

/// <summary>
/// Plays the usbtmc kernel driver on a real file descriptor: a TCP connection to an emulated
/// instrument's SCPI server, so answers are the emulator's. read() and write() are the production
/// libc calls on that descriptor; the ioctls are played here: SET_TIMEOUT bounds each read as the
/// driver does (ETIMEDOUT, floor 100 ms or EINVAL), a peer that goes away is ENODEV like an unplugged
/// device, READ_STB is answered from the instrument's status byte (asked with <c>*STB?</c>, as a
/// stand-in has no control endpoint) and CLEAR discards what has arrived (a real INITIATE_CLEAR also
/// empties the instrument's output queue). Every ioctl is recorded for the tests.
/// </summary>
internal sealed class StandInUsbtmcDevice : UsbtmcDeviceFile
{
    private readonly Socket _socket;

    private StandInUsbtmcDevice(Socket socket, string path)
        : base((int)socket.SafeHandle.DangerousGetHandle(), path)
    {
        _socket = socket;
    }

    public uint TimeoutMilliseconds { get; private set; } = 5000;

    public List<string> Ioctls { get; } = [];

    public static StandInUsbtmcDevice Connect(int port, string path)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, port);
        socket.Blocking = true;
        return new StandInUsbtmcDevice(socket, path);
    }

    public override int Read(Span<byte> buffer)
    {
        if (!WaitReadable(TimeoutMilliseconds))
        {
            throw new UsbtmcErrnoException(UsbtmcErrno.ETimedOut, "read", Path);
        }

        int n = base.Read(buffer);
        return n > 0 ? n : throw new UsbtmcErrnoException(UsbtmcErrno.ENoDev, "read", Path);
    }

    public override void SetTimeout(uint milliseconds)
    {
        Record($"SET_TIMEOUT {milliseconds}");
        TimeoutMilliseconds = milliseconds >= UsbtmcIoctl.MinimumTimeoutMilliseconds
            ? milliseconds
            : throw new UsbtmcErrnoException(UsbtmcErrno.EInval, "USBTMC_IOCTL_SET_TIMEOUT", Path);
    }

    public override void SetEndOfMessage(bool enabled) => Record($"EOM_ENABLE {(enabled ? 1 : 0)}");

    public override void Clear()
    {
        Record("CLEAR");
        var scratch = new byte[4096];
        while (WaitReadable(0) && base.Read(scratch) > 0)
        {
        }
    }

    public override byte ReadStatusByte()
    {
        Record("READ_STB");
        base.Write("*STB?\n"u8);
        var answer = new StringBuilder();
        var buffer = new byte[64];
        while (!answer.ToString().EndsWith('\n'))
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, Read(buffer)));
        }

        return byte.Parse(answer.ToString().Trim(), CultureInfo.InvariantCulture);
    }

    protected override void CloseDescriptor(int fd) => _socket.Dispose();

    private void Record(string ioctl)
    {
        lock (Ioctls)
        {
            Ioctls.Add(ioctl);
        }
    }

    private unsafe bool WaitReadable(uint milliseconds)
    {
        var poll = new Libc.PollFd { Fd = Descriptor, Events = Libc.PollIn };
        int timeout = milliseconds >= int.MaxValue ? -1 : (int)milliseconds;
        return Libc.Poll(&poll, 1, timeout) > 0;
    }
}
