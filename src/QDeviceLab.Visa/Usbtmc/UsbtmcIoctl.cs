namespace QDeviceLab.Visa.Usbtmc;

/// <summary>
/// Request numbers of the Linux usbtmc driver (<c>include/uapi/linux/usb/tmc.h</c>, type '[' = 91),
/// already encoded with <c>_IO</c>/<c>_IOR</c>/<c>_IOW</c> for the generic Linux ioctl layout
/// (x86, x86-64, ARM, RISC-V; not MIPS/PowerPC/SPARC, whose direction bits differ).
/// </summary>
internal static class UsbtmcIoctl
{
    /// <summary><c>_IO('[', 2)</c>: USBTMC INITIATE_CLEAR, waits for CHECK_CLEAR_STATUS, flushes bulk-in.</summary>
    public const uint Clear = 0x5B02;

    /// <summary><c>_IO('[', 4)</c>: abort the bulk-in transfer in progress.</summary>
    public const uint AbortBulkIn = 0x5B04;

    /// <summary><c>_IOR('[', 9, __u32)</c>: driver timeout in milliseconds.</summary>
    public const uint GetTimeout = 0x80045B09;

    /// <summary><c>_IOW('[', 10, __u32)</c>: driver timeout in milliseconds (at least 100).</summary>
    public const uint SetTimeout = 0x40045B0A;

    /// <summary><c>_IOW('[', 11, __u8)</c>: whether write() sets EOM on its last transfer (default 1).</summary>
    public const uint EomEnable = 0x40015B0B;

    /// <summary><c>_IOR('[', 18, unsigned char)</c>: USB488 READ_STATUS_BYTE (a serial poll).</summary>
    public const uint ReadStatusByte488 = 0x80015B12;

    /// <summary>The driver refuses timeouts below this (USBTMC_MIN_TIMEOUT).</summary>
    public const uint MinimumTimeoutMilliseconds = 100;
}
