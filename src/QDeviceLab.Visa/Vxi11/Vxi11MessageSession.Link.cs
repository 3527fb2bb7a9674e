using System.Net.Sockets;
using QDeviceLab.Core;
using static QDeviceLab.Visa.Vxi11.Vxi11Protocol;

namespace QDeviceLab.Visa.Vxi11;

/// <summary>Opening the link, running one RPC, and turning whatever went wrong into the exception the caller sees.</summary>
internal sealed partial class Vxi11MessageSession
{
    public static async Task<Vxi11MessageSession> OpenAsync(ResourceName resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string host = resource.Host!;
        string device = resource.LanDeviceName ?? ResourceName.DefaultLanDeviceName;
        int portmapperPort = options.Vxi11PortmapperPort;
        string stage = $"asking the portmapper at {host}:{portmapperPort} for the VXI-11 core port";
        RpcClientConnection? core = null;
        using var attempt = new OperationDeadline(options.ConnectTimeout, options.TimeProvider, cancellationToken);
        try
        {
            uint corePort;
            await using (var portmapper = await RpcClientConnection.ConnectAsync(host, portmapperPort, PortmapperProgram, PortmapperVersion, attempt.Token).ConfigureAwait(false))
            {
                portmapper.BeginCall(PortmapperGetPort).UInt32(CoreProgram).UInt32(ProgramVersion).UInt32(IpProtocolTcp).UInt32(0);
                var reply = await portmapper.CallAsync(ReplyOverhead, attempt.Token).ConfigureAwait(false);
                corePort = reply.Results.UInt32();
            }

            if (corePort is 0 or > 65535)
            {
                throw new InstrumentIOException(resource.ToString(), null, $"the portmapper at {host}:{portmapperPort} has no VXI-11 core service registered (port {corePort}): is this a VXI-11 instrument?", isTransient: false);
            }

            stage = $"connecting to the VXI-11 core channel at {host}:{corePort}";
            core = await RpcClientConnection.ConnectAsync(host, (int)corePort, CoreProgram, ProgramVersion, attempt.Token).ConfigureAwait(false);
            stage = $"creating a link to device '{device}'";
            core.BeginCall(CreateLink).Int32(Random.Shared.Next()).Bool(false).UInt32(0).String(device);
            // Blocking when the caller cannot cancel: an asynchronous call would switch the socket to
            // non-blocking mode for good, and the session's blocking calls would then be emulated.
            var linkReply = !cancellationToken.CanBeCanceled && ReferenceEquals(options.TimeProvider, TimeProvider.System)
                ? core.Call(ReplyOverhead, options.ConnectTimeout)
                : await core.CallAsync(ReplyOverhead, attempt.Token).ConfigureAwait(false);
            var results = linkReply.Results;
            int error = results.Int32();
            int linkId = results.Int32();
            results.UInt32(); // abort port: device_abort is not used, a timeout breaks the session instead
            uint maxRecvSize = results.UInt32();
            if (error != ErrorNone)
            {
                string problem = error is ErrorDeviceNotAccessible or ErrorInvalidAddress
                    ? $"the VXI-11 server at {host} has no device '{device}' (create_link: error {error}, {Describe(error)})"
                    : $"create_link for device '{device}' failed: VXI-11 error {error} ({Describe(error)})";
                throw new InstrumentIOException(resource.ToString(), null, problem, isTransient: error is ErrorLockedByAnotherLink or ErrorOutOfResources or ErrorIoTimeout);
            }

            var session = new Vxi11MessageSession(core, resource, options, linkId, maxRecvSize);
            core = null;
            return session;
        }
        catch (Exception e) when (e is not InstrumentIOException)
        {
            throw SessionGuard.OpenFailure(resource, e, cancellationToken, attempt.TimedOut || e is TimeoutException, options.ConnectTimeout, host, stage, e switch
            {
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } when stage.StartsWith("asking", StringComparison.Ordinal) =>
                    $"connection refused by {host}:{portmapperPort}: no portmapper listens there, so no VXI-11 instrument (is it on, or the emulator running? set MessageSessionOptions.Vxi11PortmapperPort for a portmapper on another port)",
                RpcCallRefusedException refused => $"{stage}: {refused.Message}",
                RpcFormatException or EndOfStreamException => $"{stage}: malformed or truncated RPC reply: {e.Message}",
                _ => null,
            });
        }
        finally
        {
            if (core is not null)
            {
                await core.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>As <see cref="CallAsync"/>, blocking, bounded by socket timeouts instead of a timer.</summary>
    private RpcReply Call(string procedure, string activity, int maxReplyBytes)
    {
        try
        {
            return _core.Call(maxReplyBytes, _timeout);
        }
        catch (Exception e)
        {
            throw Failure(e, procedure, activity, CancellationToken.None, timedOut: e is TimeoutException);
        }
    }

    /// <summary>Sends the call built on the core channel under the session timeout; any failure breaks the session.</summary>
    private async ValueTask<RpcReply> CallAsync(string procedure, string activity, int maxReplyBytes, CancellationToken cancellationToken)
    {
        using var operation = new OperationDeadline(_timeout, _time, cancellationToken);
        try
        {
            return await _core.CallAsync(maxReplyBytes, operation.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Failure(e, procedure, activity, cancellationToken, operation.TimedOut);
        }
    }

    private Exception Failure(Exception e, string procedure, string activity, CancellationToken caller, bool timedOut)
    {
        if (_guard.Interrupted(e, activity, caller, timedOut, _timeout, GetType().Name) is { } interrupted)
        {
            return interrupted;
        }

        if (_guard.IsBroken)
        {
            return _guard.BrokenException();
        }

        return e switch
        {
            RpcFormatException or RpcCallRefusedException => Protocol($"{procedure}: {e.Message}", breakSession: true, e),
            EndOfStreamException => _guard.HungUp(e, _midAnswer || procedure == "device_read"),
            _ => _guard.LinkFailed(e, activity),
        };
    }

    /// <summary>
    /// A VXI-11 error in a reply. The device's own I/O timeout is a timeout like ours; a lock held by
    /// another link or an unsupported operation leaves the link usable; anything else breaks it.
    /// </summary>
    private void CheckDeviceError(int error, string procedure)
    {
        if (error == ErrorNone)
        {
            return;
        }

        string problem = $"{procedure} failed: VXI-11 error {error} ({Describe(error)})";
        if (error == ErrorIoTimeout)
        {
            problem = $"timed out after {(long)_timeout.TotalMilliseconds} ms: the device reported an I/O timeout ({procedure}, VXI-11 error 15)";
            Break(problem);
            throw new VisaTimeoutException(_guard.ResourceText, _guard.CommandInFlight, problem, _timeout);
        }

        bool keepsLink = error is ErrorLockedByAnotherLink or ErrorOperationNotSupported;
        throw _guard.Fault(problem, breakSession: !keepsLink, isTransient: error is ErrorLockedByAnotherLink or ErrorIo or ErrorAbort);
    }

    private InstrumentIOException Protocol(string problem, bool breakSession = true, Exception? inner = null) =>
        _guard.Fault(problem, breakSession, isTransient: false, inner);
}
