namespace QDeviceLab.Visa.HiSlip;

/// <summary>HiSLIP message types (IVI-6.1 table 4). Shared by the client session and the emulator's server.</summary>
public enum HiSlipMessageType : byte
{
    Initialize = 0,
    InitializeResponse = 1,
    FatalError = 2,
    Error = 3,
    AsyncLock = 4,
    AsyncLockResponse = 5,
    Data = 6,
    DataEnd = 7,
    DeviceClearComplete = 8,
    DeviceClearAcknowledge = 9,
    AsyncRemoteLocalControl = 10,
    AsyncRemoteLocalResponse = 11,
    Trigger = 12,
    Interrupted = 13,
    AsyncInterrupted = 14,
    AsyncMaximumMessageSize = 15,
    AsyncMaximumMessageSizeResponse = 16,
    AsyncInitialize = 17,
    AsyncInitializeResponse = 18,
    AsyncDeviceClear = 19,
    AsyncServiceRequest = 20,
    AsyncStatusQuery = 21,
    AsyncStatusResponse = 22,
    AsyncDeviceClearAcknowledge = 23,
    AsyncLockInfo = 24,
    AsyncLockInfoResponse = 25,
}

/// <summary>
/// Numbers of IVI-6.1 (HiSLIP 1.0, the version both sides speak here), checked against the
/// specification text and two independent clients (pyvisa-py's and msl-equipment's hislip modules).
/// </summary>
public static class HiSlipProtocol
{
    public const int DefaultPort = ResourceName.DefaultHiSlipPort;

    /// <summary>Every message starts with a 16-byte header: "HS", type, control code, u32 parameter, u64 payload length, network order.</summary>
    public const int HeaderSize = 16;

    /// <summary>Protocol version 1.0 as it sits in the upper 16 bits of Initialize / InitializeResponse.</summary>
    public const ushort Version10 = 0x0100;

    /// <summary>First MessageID after Initialize and after every device clear; each Data, DataEnd or Trigger adds 2.</summary>
    public const uint InitialMessageId = 0xFFFF_FF00;

    /// <summary>The id "before the first message" that AsyncStatusQuery and lock release name when nothing was sent yet.</summary>
    public const uint PreInitialMessageId = InitialMessageId - 2;

    /// <summary>A server response carrying this id is not tied to any client message (overlapped mode, unsolicited data).</summary>
    public const uint UnboundMessageId = 0xFFFF_FFFF;

    /// <summary>Maximum message size each side assumes until AsyncMaximumMessageSize says otherwise (1 MiB).</summary>
    public const ulong DefaultMaximumMessageSize = 1 << 20;

    /// <summary>Control code bit 0 of InitializeResponse, AsyncDeviceClearAcknowledge and DeviceClear*: overlapped mode.</summary>
    public const byte FeatureOverlapped = 0x01;

    /// <summary>Control code bit 0 of Data, DataEnd, Trigger and AsyncStatusQuery from a client: the previous response was read to its end.</summary>
    public const byte RmtDelivered = 0x01;

    /// <summary>Status-byte bit the server sets when a response is waiting to be read (IEEE 488.2 MAV).</summary>
    public const byte MessageAvailable = 0x10;

    // FatalError control codes (IVI-6.1 table 14).
    public const byte FatalUnidentified = 0;
    public const byte FatalPoorlyFormedHeader = 1;
    public const byte FatalChannelsNotEstablished = 2;
    public const byte FatalInvalidInitialization = 3;
    public const byte FatalMaximumClientsExceeded = 4;

    // Error control codes (IVI-6.1 table 16).
    public const byte ErrorUnidentified = 0;
    public const byte ErrorUnrecognizedMessageType = 1;
    public const byte ErrorUnrecognizedControlCode = 2;
    public const byte ErrorUnrecognizedVendorMessage = 3;
    public const byte ErrorMessageTooLarge = 4;

    // AsyncLockResponse control codes.
    public const byte LockFailure = 0;
    public const byte LockSuccess = 1;
    public const byte LockSuccessShared = 2;
    public const byte LockError = 3;

    /// <summary>The meaning of a FatalError control code, for error messages.</summary>
    public static string DescribeFatal(byte code) => code switch
    {
        FatalUnidentified => "unidentified error",
        FatalPoorlyFormedHeader => "poorly formed message header",
        FatalChannelsNotEstablished => "attempt to use the connection without both channels established",
        FatalInvalidInitialization => "invalid initialization sequence",
        FatalMaximumClientsExceeded => "server refused the connection: maximum number of clients exceeded",
        >= 128 => $"device-defined fatal error {code}",
        _ => $"reserved fatal error {code}",
    };

    /// <summary>The meaning of an Error control code, for error messages.</summary>
    public static string DescribeError(byte code) => code switch
    {
        ErrorUnidentified => "unidentified error",
        ErrorUnrecognizedMessageType => "unrecognized message type",
        ErrorUnrecognizedControlCode => "unrecognized control code",
        ErrorUnrecognizedVendorMessage => "unrecognized vendor-defined message",
        ErrorMessageTooLarge => "message too large",
        >= 128 => $"device-defined error {code}",
        _ => $"reserved error {code}",
    };
}
