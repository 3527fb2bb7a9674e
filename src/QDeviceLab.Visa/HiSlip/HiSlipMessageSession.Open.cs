using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using QDeviceLab.Core;
using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Visa.HiSlip;

/// <summary>Opening a session: both channels, the initialize handshake and the maximum message size (IVI-6.1 6.1, 6.11).</summary>
internal sealed partial class HiSlipMessageSession
{
    /// <summary>Our vendor id in Initialize: two ASCII letters.</summary>
    private const ushort ClientVendorId = ('Q' << 8) | 'D';

    public static async Task<HiSlipMessageSession> OpenAsync(ResourceName resource, MessageSessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string host = resource.Host!;
        int port = resource.Port ?? HiSlipProtocol.DefaultPort;
        string subAddress = resource.LanDeviceName ?? "hislip0";
        string where = $"{host}:{port}";
        string stage = $"connecting the synchronous channel to {where}";
        HiSlipChannel? sync = null;
        HiSlipChannel? async = null;
        using var attempt = new OperationDeadline(options.ConnectTimeout, options.TimeProvider, cancellationToken);
        try
        {
            sync = await ConnectAsync(host, port, options, attempt.Token).ConfigureAwait(false);
            stage = $"initializing sub-address '{subAddress}'";
            byte[] name = System.Text.Encoding.ASCII.GetBytes(subAddress);
            byte[] initialize = HiSlipHeader.Frame(HiSlipMessageType.Initialize, 0, ((uint)HiSlipProtocol.Version10 << 16) | ClientVendorId, name);
            string refusedName = $"the HiSLIP server at {where} refused sub-address '{subAddress}'";
            // A caller that cannot cancel gets blocking calls on the synchronous channel; its handshake
            // is blocking too, since one asynchronous call would put the socket in non-blocking mode for good.
            bool blocking = !cancellationToken.CanBeCanceled && ReferenceEquals(options.TimeProvider, TimeProvider.System);
            HiSlipHeader initialized;
            if (blocking)
            {
                sync.SetBlockingTimeout(options.ConnectTimeout);
                sync.Send(initialize);
                var header = sync.ReadHeader();
                initialized = Expected(header, ReadControlPayload(sync, header), HiSlipMessageType.InitializeResponse, resource, refusedName).Header;
            }
            else
            {
                await sync.SendAsync(initialize, attempt.Token).ConfigureAwait(false);
                (initialized, _) = await ExpectAsync(sync, HiSlipMessageType.InitializeResponse, resource, refusedName, attempt.Token).ConfigureAwait(false);
            }

            stage = $"connecting the asynchronous channel to {where}";
            async = await ConnectAsync(host, port, options, attempt.Token).ConfigureAwait(false);
            ushort sessionId = (ushort)initialized.Parameter;
            await async.SendAsync(HiSlipHeader.Frame(HiSlipMessageType.AsyncInitialize, 0, sessionId, []), attempt.Token).ConfigureAwait(false);
            var (asyncInitialized, _) = await ExpectAsync(async, HiSlipMessageType.AsyncInitializeResponse, resource, $"the HiSLIP server at {where} refused the asynchronous channel of session {sessionId}", attempt.Token).ConfigureAwait(false);

            stage = "negotiating the maximum message size";
            byte[] ours = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(ours, AnnouncedMaximumMessageSize);
            await async.SendAsync(HiSlipHeader.Frame(HiSlipMessageType.AsyncMaximumMessageSize, 0, 0, ours), attempt.Token).ConfigureAwait(false);
            var (_, theirs) = await ExpectAsync(async, HiSlipMessageType.AsyncMaximumMessageSizeResponse, resource, $"the HiSLIP server at {where} refused the maximum message size negotiation", attempt.Token).ConfigureAwait(false);
            if (theirs.Length != 8)
            {
                throw new HiSlipFormatException($"AsyncMaximumMessageSizeResponse carries {theirs.Length} bytes instead of 8");
            }

            ulong serverMaximum = BinaryPrimitives.ReadUInt64BigEndian(theirs);
            if (serverMaximum <= HiSlipProtocol.HeaderSize)
            {
                throw new HiSlipFormatException($"the server's maximum message size of {serverMaximum} bytes leaves no room for data after the {HiSlipProtocol.HeaderSize}-byte header");
            }

            var handshake = new HandshakeResult(
                sessionId,
                (ushort)(initialized.Parameter >> 16),
                (ushort)asyncInitialized.Parameter,
                (initialized.ControlCode & HiSlipProtocol.FeatureOverlapped) != 0,
                serverMaximum);
            var session = new HiSlipMessageSession(sync, async, resource, options, handshake, blocking);
            sync = async = null;
            return session;
        }
        catch (Exception e) when (e is not InstrumentIOException)
        {
            throw SessionGuard.OpenFailure(resource, e, cancellationToken, attempt.TimedOut || e is TimeoutException, options.ConnectTimeout, host, stage, e switch
            {
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                    $"connection refused by {where}: nothing listens on that port, so no HiSLIP server (is the instrument on, or the emulator running?)",
                HiSlipFormatException => $"{stage}: malformed HiSLIP reply: {e.Message}",
                EndOfStreamException => $"{stage}: the server closed the connection",
                _ => null,
            });
        }
        finally
        {
            sync?.Dispose();
            async?.Dispose();
        }
    }

    private static async Task<HiSlipChannel> ConnectAsync(string host, int port, MessageSessionOptions options, CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
            // A blocking connect (on a pool thread) leaves the socket in blocking mode for the blocking calls.
            await Task.Run(() => socket.Connect(endPoint), CancellationToken.None).WaitAsync(token).ConfigureAwait(false);
            return new HiSlipChannel(socket, Math.Clamp(options.ReceiveBufferSize, 4096, 1 << 20));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One handshake reply: the expected type, or the server's Error/FatalError as a refusal naming its reason.</summary>
    private static async Task<(HiSlipHeader Header, byte[] Payload)> ExpectAsync(HiSlipChannel channel, HiSlipMessageType expected, ResourceName resource, string refusal, CancellationToken token)
    {
        var header = await channel.ReadHeaderAsync(token).ConfigureAwait(false);
        byte[] payload = await ReadControlPayloadAsync(channel, header, token).ConfigureAwait(false);
        return Expected(header, payload, expected, resource, refusal);
    }

    private static (HiSlipHeader Header, byte[] Payload) Expected(HiSlipHeader header, byte[] payload, HiSlipMessageType expected, ResourceName resource, string refusal)
    {
        if (header.Type is HiSlipMessageType.FatalError or HiSlipMessageType.Error)
        {
            bool fatal = header.Type == HiSlipMessageType.FatalError;
            string meaning = fatal ? HiSlipProtocol.DescribeFatal(header.ControlCode) : HiSlipProtocol.DescribeError(header.ControlCode);
            string text = System.Text.Encoding.ASCII.GetString(payload).Trim();
            throw new InstrumentIOException(
                resource.ToString(),
                null,
                $"{refusal}: {(fatal ? "fatal error" : "error")} {header.ControlCode} ({meaning}){(text.Length > 0 ? $": {text}" : "")}",
                isTransient: fatal && header.ControlCode == HiSlipProtocol.FatalMaximumClientsExceeded);
        }

        return header.Type == expected
            ? (header, payload)
            : throw new HiSlipFormatException($"expected {expected}, got {header.Type}");
    }

    private readonly record struct HandshakeResult(ushort SessionId, ushort ServerVersion, ushort ServerVendorId, bool Overlapped, ulong ServerMaximumMessageSize);
}
