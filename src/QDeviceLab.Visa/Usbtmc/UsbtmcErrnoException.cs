namespace QDeviceLab.Visa.Usbtmc;

/// <summary>A system call on a usbtmc device file failed with <see cref="Errno"/>; the session maps it to the caller's exception.</summary>
internal sealed class UsbtmcErrnoException(int errno, string call, string path)
    : IOException($"{call} on {path} failed: {UsbtmcErrno.Name(errno)} ({UsbtmcErrno.Meaning(errno)})")
{
    public int Errno { get; } = errno;

    public string Call { get; } = call;
}

/// <summary>What the errno values the usbtmc driver returns mean for someone at the bench.</summary>
internal static class UsbtmcErrno
{
    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EAgain = 11;
    public const int EAccess = 13;
    public const int EBusy = 16;
    public const int ENoDev = 19;
    public const int EInval = 22;
    public const int ENotTy = 25;
    public const int EPipe = 32;
    public const int EOverflow = 75;
    public const int ETimedOut = 110;
    public const int ECanceled = 125;

    public static string Name(int errno) => errno switch
    {
        EPerm => "EPERM",
        ENoEnt => "ENOENT",
        EIntr => "EINTR",
        EIo => "EIO",
        EAgain => "EAGAIN",
        EAccess => "EACCES",
        EBusy => "EBUSY",
        ENoDev => "ENODEV",
        EInval => "EINVAL",
        ENotTy => "ENOTTY",
        EPipe => "EPIPE",
        EOverflow => "EOVERFLOW",
        ETimedOut => "ETIMEDOUT",
        ECanceled => "ECANCELED",
        _ => $"errno {errno}",
    };

    public static string Meaning(int errno) => errno switch
    {
        EPerm or EAccess => "permission denied: give your user access to the device file, e.g. a udev rule "
            + "SUBSYSTEM==\"usbmisc\", KERNEL==\"usbtmc*\", GROUP=\"plugdev\", MODE=\"0660\" and membership of that group",
        ENoEnt => "no such device file: is the instrument plugged in and the usbtmc module loaded (lsmod | grep usbtmc)?",
        ENoDev => "the USB device went away (unplugged or powered off)",
        EPipe => "the instrument stalled the endpoint (it rejected the transfer; a device clear usually recovers it)",
        ETimedOut => "the instrument did not complete the transfer within the driver timeout",
        ENotTy => "not a usbtmc device file (the ioctl is unknown to its driver)",
        EBusy => "the device file is busy (another program holds it)",
        EIo => "I/O error on the USB bus",
        EOverflow => "the instrument sent more than the transfer asked for",
        ECanceled => "the transfer was cancelled",
        EInval => "the driver rejected an argument",
        _ => "system error",
    };
}
