using System.Runtime.InteropServices;

namespace QDeviceLab.Visa.Usbtmc;

/// <summary>
/// An open usbtmc character device (<c>/dev/usbtmcN</c>), spoken to with plain libc calls: write()
/// sends one whole message (the driver adds the USBTMC bulk-out headers and sets EOM on the last
/// transfer), read() returns answer bytes, ioctls do what has no byte form (clear, serial poll,
/// timeout, EOM). Calls block for at most the driver timeout; every failure is a
/// <see cref="UsbtmcErrnoException"/>. The ioctl operations are virtual: this is the seam where
/// tests put a stand-in device that plays the driver on a real file descriptor.
/// </summary>
internal class UsbtmcDeviceFile : IDisposable
{
    private int _fd;

    protected UsbtmcDeviceFile(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    protected int Descriptor => _fd;

    /// <summary>Opens <paramref name="path"/> read-write (what the usbtmc driver requires).</summary>
    public static UsbtmcDeviceFile Open(string path)
    {
        int fd = Libc.Open(path, Libc.ORdWr | Libc.OCloExec);
        return fd >= 0 ? new UsbtmcDeviceFile(fd, path) : throw new UsbtmcErrnoException(Marshal.GetLastPInvokeError(), "open", path);
    }

    /// <summary>Reads answer bytes; fewer than asked means the instrument ended the message (EOM).</summary>
    public virtual unsafe int Read(Span<byte> buffer)
    {
        while (true)
        {
            fixed (byte* p = buffer)
            {
                nint n = Libc.Read(_fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }
            }

            ThrowUnlessInterrupted("read");
        }
    }

    /// <summary>Writes all of <paramref name="data"/> (the driver takes it in one call; a partial count is retried).</summary>
    public virtual unsafe void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            fixed (byte* p = data)
            {
                nint n = Libc.Write(_fd, p, (nuint)data.Length);
                if (n > 0)
                {
                    data = data[(int)n..];
                    continue;
                }

                if (n == 0)
                {
                    // The driver takes every byte or fails; nothing taken would make this loop spin.
                    throw new UsbtmcErrnoException(UsbtmcErrno.EIo, "write", Path);
                }
            }

            ThrowUnlessInterrupted("write");
        }
    }

    /// <summary>USBTMC_IOCTL_CLEAR: the instrument's input and output buffers are cleared (IEEE 488.1 device clear).</summary>
    public virtual unsafe void Clear() => Control(UsbtmcIoctl.Clear, null, "USBTMC_IOCTL_CLEAR");

    /// <summary>USBTMC488_IOCTL_READ_STB: a serial poll over the control endpoint.</summary>
    public virtual unsafe byte ReadStatusByte()
    {
        byte status = 0;
        Control(UsbtmcIoctl.ReadStatusByte488, &status, "USBTMC488_IOCTL_READ_STB");
        return status;
    }

    /// <summary>USBTMC_IOCTL_SET_TIMEOUT in milliseconds (the driver's floor is 100 ms).</summary>
    public virtual unsafe void SetTimeout(uint milliseconds)
    {
        uint value = Math.Max(milliseconds, UsbtmcIoctl.MinimumTimeoutMilliseconds);
        Control(UsbtmcIoctl.SetTimeout, &value, "USBTMC_IOCTL_SET_TIMEOUT");
    }

    /// <summary>USBTMC_IOCTL_EOM_ENABLE: whether the next write() ends the message.</summary>
    public virtual unsafe void SetEndOfMessage(bool enabled)
    {
        byte value = enabled ? (byte)1 : (byte)0;
        Control(UsbtmcIoctl.EomEnable, &value, "USBTMC_IOCTL_EOM_ENABLE");
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            CloseDescriptor(fd);
        }

        GC.SuppressFinalize(this);
    }

    protected virtual void CloseDescriptor(int fd) => Libc.Close(fd);

    private unsafe void Control(uint request, void* argument, string name)
    {
        while (Libc.Ioctl(_fd, request, argument) < 0)
        {
            ThrowUnlessInterrupted(name);
        }
    }

    private void ThrowUnlessInterrupted(string call)
    {
        int errno = Marshal.GetLastPInvokeError();
        if (errno != UsbtmcErrno.EIntr)
        {
            throw new UsbtmcErrnoException(errno, call, Path);
        }
    }
}
