namespace QDeviceLab.Visa.NativeVisa;

/// <summary>
/// VISA completion and error codes (VPP-4.3.2 <c>visa.h</c>) and attribute identifiers this backend
/// uses. Completion codes are positive, errors negative (bit 31 set).
/// </summary>
internal static class VisaStatus
{
    public const int Success = 0;
    public const int SuccessTermChar = 0x3FFF0005;
    public const int SuccessMaxCount = 0x3FFF0006;
    public const int ErrorSystem = unchecked((int)0xBFFF0000);
    public const int ErrorInvalidObject = unchecked((int)0xBFFF000E);
    public const int ErrorResourceLocked = unchecked((int)0xBFFF000F);
    public const int ErrorResourceNotFound = unchecked((int)0xBFFF0011);
    public const int ErrorInvalidResourceName = unchecked((int)0xBFFF0012);
    public const int ErrorTimeout = unchecked((int)0xBFFF0015);
    public const int ErrorNotSupportedAttribute = unchecked((int)0xBFFF001D);
    public const int ErrorIo = unchecked((int)0xBFFF003E);
    public const int ErrorNotSupportedOperation = unchecked((int)0xBFFF0067);
    public const int ErrorResourceBusy = unchecked((int)0xBFFF0072);
    public const int ErrorSessionNotLocked = unchecked((int)0xBFFF009C);
    public const int ErrorLibraryNotFound = unchecked((int)0xBFFF009E);
    public const int ErrorConnectionLost = unchecked((int)0xBFFF00A6);

    public const uint AttributeResourceName = 0xBFFF0002;
    public const uint AttributeSendEndEnabled = 0x3FFF0016;
    public const uint AttributeTermChar = 0x3FFF0018;
    public const uint AttributeTimeout = 0x3FFF001A;
    public const uint AttributeTermCharEnabled = 0x3FFF0038;

    public const uint TimeoutInfinite = 0xFFFFFFFF;
    public const uint NoLock = 0;
    public const uint ExclusiveLock = 1;
    public const int FindBufferLength = 256;

    /// <summary>The symbolic name of a status, for messages when the library's own description is unavailable.</summary>
    public static string Name(int status) => status switch
    {
        Success => "VI_SUCCESS",
        SuccessTermChar => "VI_SUCCESS_TERM_CHAR",
        SuccessMaxCount => "VI_SUCCESS_MAX_CNT",
        ErrorSystem => "VI_ERROR_SYSTEM_ERROR",
        ErrorInvalidObject => "VI_ERROR_INV_OBJECT",
        ErrorResourceLocked => "VI_ERROR_RSRC_LOCKED",
        ErrorResourceNotFound => "VI_ERROR_RSRC_NFOUND",
        ErrorInvalidResourceName => "VI_ERROR_INV_RSRC_NAME",
        ErrorTimeout => "VI_ERROR_TMO",
        ErrorNotSupportedAttribute => "VI_ERROR_NSUP_ATTR",
        ErrorIo => "VI_ERROR_IO",
        ErrorNotSupportedOperation => "VI_ERROR_NSUP_OPER",
        ErrorResourceBusy => "VI_ERROR_RSRC_BUSY",
        ErrorSessionNotLocked => "VI_ERROR_SESN_NLOCKED",
        ErrorLibraryNotFound => "VI_ERROR_LIBRARY_NFOUND",
        ErrorConnectionLost => "VI_ERROR_CONN_LOST",
        _ => $"0x{status:X8}",
    };

    /// <summary>Errors after which retrying on a fresh session may succeed.</summary>
    public static bool IsTransient(int status) =>
        status is ErrorTimeout or ErrorConnectionLost or ErrorIo or ErrorResourceLocked or ErrorResourceBusy;
}
