namespace QDeviceLab.Visa.Vxi11;

/// <summary>How an RPC server answered a call (RFC 5531 accept_stat, plus a denied call).</summary>
public enum RpcAcceptStatus
{
    Success = 0,
    ProgramUnavailable = 1,
    ProgramMismatch = 2,
    ProcedureUnavailable = 3,
    GarbageArguments = 4,
    SystemError = 5,

    /// <summary>MSG_DENIED: RPC version mismatch or authentication error.</summary>
    Denied = 100,
}

/// <summary>The header of an RPC call as a server sees it.</summary>
public readonly record struct RpcCallHeader(uint Xid, uint RpcVersion, uint Program, uint Version, uint Procedure);

/// <summary>
/// ONC RPC version 2 message headers (RFC 5531), AUTH_NULL only: what VXI-11 clients and
/// servers send. Calls and replies are XDR-encoded with <see cref="XdrWriter"/> and <see cref="XdrReader"/>.
/// </summary>
public static class OncRpc
{
    public const uint Version = 2;
    public const uint Call = 0;
    public const uint Reply = 1;

    /// <summary>RFC 5531 caps an authenticator body at 400 bytes.</summary>
    public const int MaxAuthBytes = 400;

    public static void WriteCall(XdrWriter writer, uint xid, uint program, uint version, uint procedure)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.UInt32(xid).UInt32(Call).UInt32(Version).UInt32(program).UInt32(version).UInt32(procedure);
        writer.UInt32(0).Opaque([]); // credentials: AUTH_NULL
        writer.UInt32(0).Opaque([]); // verifier: AUTH_NULL
    }

    /// <summary>Reads a call header and skips its credentials; the procedure's arguments follow.</summary>
    public static RpcCallHeader ReadCallHeader(ref XdrReader reader)
    {
        uint xid = reader.UInt32();
        uint type = reader.UInt32();
        if (type != Call)
        {
            throw new RpcFormatException($"expected an RPC call (message type 0), got type {type}");
        }

        var header = new RpcCallHeader(xid, reader.UInt32(), reader.UInt32(), reader.UInt32(), reader.UInt32());
        reader.UInt32();
        reader.Opaque(MaxAuthBytes);
        reader.UInt32();
        reader.Opaque(MaxAuthBytes);
        return header;
    }

    /// <summary>MSG_ACCEPTED with a null verifier; for <see cref="RpcAcceptStatus.Success"/> the results follow.</summary>
    public static void WriteAcceptedReply(XdrWriter writer, uint xid, RpcAcceptStatus status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.UInt32(xid).UInt32(Reply).UInt32(0).UInt32(0).Opaque([]).UInt32((uint)status);
    }

    /// <summary>MSG_DENIED / RPC_MISMATCH: the caller spoke another RPC version.</summary>
    public static void WriteRpcVersionMismatch(XdrWriter writer, uint xid)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.UInt32(xid).UInt32(Reply).UInt32(1).UInt32(0).UInt32(Version).UInt32(Version);
    }

    /// <summary>
    /// Reads a reply header; a reply to another call or not a reply at all is an
    /// <see cref="RpcFormatException"/>. On <see cref="RpcAcceptStatus.Success"/> the reader is at the results.
    /// </summary>
    public static RpcAcceptStatus ReadReplyHeader(ref XdrReader reader, uint expectedXid)
    {
        uint xid = reader.UInt32();
        if (xid != expectedXid)
        {
            throw new RpcFormatException($"RPC reply to call 0x{xid:X8} while waiting for 0x{expectedXid:X8}");
        }

        uint type = reader.UInt32();
        if (type != Reply)
        {
            throw new RpcFormatException($"expected an RPC reply (message type 1), got type {type}");
        }

        uint replyStatus = reader.UInt32();
        if (replyStatus == 1)
        {
            return RpcAcceptStatus.Denied;
        }

        if (replyStatus != 0)
        {
            throw new RpcFormatException($"RPC reply status {replyStatus} is neither accepted (0) nor denied (1)");
        }

        reader.UInt32();
        reader.Opaque(MaxAuthBytes);
        uint accept = reader.UInt32();
        return accept <= 5 ? (RpcAcceptStatus)accept : throw new RpcFormatException($"unknown RPC accept status {accept}");
    }
}
