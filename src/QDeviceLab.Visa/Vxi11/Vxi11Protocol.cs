namespace QDeviceLab.Visa.Vxi11;

/// <summary>
/// Numbers of the VXI-11 specification (rev 1.0) and the portmapper it is found through
/// (RFC 1833 version 2). Shared by the client session and the emulator's server.
/// </summary>
public static class Vxi11Protocol
{
    public const int DefaultPortmapperPort = 111;
    public const uint PortmapperProgram = 100000;
    public const uint PortmapperVersion = 2;
    public const uint PortmapperNull = 0;
    public const uint PortmapperGetPort = 3;
    public const uint IpProtocolTcp = 6;

    public const uint CoreProgram = 0x0607AF;
    public const uint AbortProgram = 0x0607B0;
    public const uint InterruptProgram = 0x0607B1;
    public const uint ProgramVersion = 1;

    public const uint CreateLink = 10;
    public const uint DeviceWrite = 11;
    public const uint DeviceRead = 12;
    public const uint DeviceReadStb = 13;
    public const uint DeviceTrigger = 14;
    public const uint DeviceClear = 15;
    public const uint DeviceRemote = 16;
    public const uint DeviceLocal = 17;
    public const uint DeviceLock = 18;
    public const uint DeviceUnlock = 19;
    public const uint DestroyLink = 23;

    public const uint FlagWaitLock = 0x01;
    public const uint FlagEnd = 0x08;
    public const uint FlagTermCharSet = 0x80;

    public const uint ReasonRequestCount = 1;
    public const uint ReasonTermChar = 2;
    public const uint ReasonEnd = 4;

    public const int ErrorNone = 0;
    public const int ErrorSyntax = 1;
    public const int ErrorDeviceNotAccessible = 3;
    public const int ErrorInvalidLinkId = 4;
    public const int ErrorParameter = 5;
    public const int ErrorChannelNotEstablished = 6;
    public const int ErrorOperationNotSupported = 8;
    public const int ErrorOutOfResources = 9;
    public const int ErrorLockedByAnotherLink = 11;
    public const int ErrorNoLockHeld = 12;
    public const int ErrorIoTimeout = 15;
    public const int ErrorIo = 17;
    public const int ErrorInvalidAddress = 21;
    public const int ErrorAbort = 23;
    public const int ErrorChannelAlreadyEstablished = 29;

    /// <summary>What a VXI-11 device error code means, in words for an error message.</summary>
    public static string Describe(int error) => error switch
    {
        ErrorSyntax => "syntax error",
        ErrorDeviceNotAccessible => "device not accessible",
        ErrorInvalidLinkId => "invalid link identifier",
        ErrorParameter => "parameter error",
        ErrorChannelNotEstablished => "channel not established",
        ErrorOperationNotSupported => "operation not supported",
        ErrorOutOfResources => "out of resources",
        ErrorLockedByAnotherLink => "device locked by another link",
        ErrorNoLockHeld => "no lock held by this link",
        ErrorIoTimeout => "I/O timeout",
        ErrorIo => "I/O error",
        ErrorInvalidAddress => "invalid address",
        ErrorAbort => "aborted",
        ErrorChannelAlreadyEstablished => "channel already established",
        _ => "unknown error",
    };
}
