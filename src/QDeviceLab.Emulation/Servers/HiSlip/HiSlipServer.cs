using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using QDeviceLab.Emulation.Scpi;
using QDeviceLab.Visa;
using QDeviceLab.Visa.HiSlip;

namespace QDeviceLab.Emulation.Servers.HiSlip;

/// <summary>
/// One HiSLIP server (IVI-6.1) for a whole station on 127.0.0.1, like a LAN instrument with several
/// sub-devices: the Initialize sub-address picks the instrument, <c>hislip&lt;n&gt;</c> being the n-th in
/// station order (the only form VISA resource names allow: <c>TCPIP0::127.0.0.1::hislip1,PORT::INSTR</c>),
/// and the station name (<c>awg1</c>) accepted too for clients that send free sub-addresses. Binds the
/// preferred port when it can (4880 for <c>qdlab emulate</c>), else an ephemeral one.
/// </summary>
internal sealed class HiSlipServer : IAsyncDisposable
{
    private const ushort ServerVendorId = ('Q' << 8) | 'D';

    private readonly IReadOnlyList<(string Name, ScpiInstrument Instrument)> _devices;
    private readonly LoopbackConnectionHost _host = new();
    private readonly ConcurrentDictionary<ushort, HiSlipServerSession> _sessions = new();
    private int _nextSessionId;

    private HiSlipServer(IReadOnlyList<(string, ScpiInstrument)> devices, int preferredPort, ulong maximumMessageSize)
    {
        _devices = devices;
        MaximumMessageSize = maximumMessageSize;
        var listener = LoopbackConnectionHost.Bind(preferredPort);
        Port = LoopbackConnectionHost.PortOf(listener);
        _host.Serve(listener, Serve);
    }

    public int Port { get; }

    /// <summary>What AsyncMaximumMessageSizeResponse announces: larger Data messages are refused with Error 4.</summary>
    public ulong MaximumMessageSize { get; }

    /// <summary>Starts serving <paramref name="devices"/> (station order); <paramref name="preferredPort"/> 0 means ephemeral at once.</summary>
    public static HiSlipServer Start(IReadOnlyList<(string Name, ScpiInstrument Instrument)> devices, int preferredPort = 0, ulong maximumMessageSize = HiSlipProtocol.DefaultMaximumMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumMessageSize, (ulong)HiSlipProtocol.HeaderSize + 1);
        return new HiSlipServer(devices, preferredPort, maximumMessageSize);
    }

    /// <summary>The canonical INSTR resource of <paramref name="deviceName"/>: <c>hislip&lt;index&gt;</c> on this server's port.</summary>
    public string ResourceFor(string deviceName)
    {
        int index = IndexOf(deviceName);
        return index < 0
            ? throw new ArgumentException($"the HiSLIP server has no device '{deviceName}'", nameof(deviceName))
            : ResourceName.Parse(string.Create(CultureInfo.InvariantCulture, $"TCPIP0::127.0.0.1::hislip{index},{Port}::INSTR")).ToString();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private int IndexOf(string subAddress)
    {
        if (subAddress.StartsWith("hislip", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(subAddress.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n < _devices.Count)
        {
            return n;
        }

        for (int i = 0; i < _devices.Count; i++)
        {
            if (string.Equals(_devices[i].Name, subAddress, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first message says which channel a connection is: Initialize (synchronous) or AsyncInitialize.</summary>
    private void Serve(Socket socket, CancellationToken stop)
    {
        var channel = new HiSlipServerChannel(socket);
        try
        {
            if (channel.ReadHeader() is not HiSlipHeader first)
            {
                return;
            }

            if (first.PayloadLength > HiSlipServerSession.MaxControlPayload)
            {
                channel.Fail(HiSlipProtocol.FatalPoorlyFormedHeader, $"{first.Type} with a payload of {first.PayloadLength} bytes");
                return;
            }

            byte[] payload = new byte[(int)first.PayloadLength];
            channel.ReadExactly(payload);
            switch (first.Type)
            {
                case HiSlipMessageType.Initialize:
                    Initialize(channel, System.Text.Encoding.ASCII.GetString(payload), stop);
                    break;
                case HiSlipMessageType.AsyncInitialize:
                    if (!_sessions.TryGetValue((ushort)first.Parameter, out var session) || !session.AttachAsync(channel))
                    {
                        channel.Fail(HiSlipProtocol.FatalInvalidInitialization, $"no session {(ushort)first.Parameter} waits for an asynchronous channel");
                        return;
                    }

                    channel.Send(HiSlipMessageType.AsyncInitializeResponse, 0, ServerVendorId, []);
                    session.RunAsync(channel, stop);
                    break;
                default:
                    channel.Fail(HiSlipProtocol.FatalInvalidInitialization, $"a connection must start with Initialize or AsyncInitialize, not {first.Type}");
                    break;
            }
        }
        catch (HiSlipFormatException e)
        {
            channel.Fail(HiSlipProtocol.FatalPoorlyFormedHeader, e.Message);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Client went away or the server is stopping.
        }
        finally
        {
            channel.Dispose();
        }
    }

    private void Initialize(HiSlipServerChannel channel, string subAddress, CancellationToken stop)
    {
        int index = IndexOf(subAddress);
        if (index < 0)
        {
            string known = string.Join(", ", _devices.Select((d, i) => string.Create(CultureInfo.InvariantCulture, $"hislip{i} ({d.Name})")));
            channel.Fail(HiSlipProtocol.FatalInvalidInitialization, $"no device '{subAddress}' on this server; it has {known}");
            return;
        }

        ushort sessionId = NextSessionId();
        var session = new HiSlipServerSession(sessionId, _devices[index].Name, _devices[index].Instrument, MaximumMessageSize);
        _sessions[sessionId] = session;
        try
        {
            // Synchronized mode; we speak HiSLIP 1.0 whatever version the client offered.
            channel.Send(HiSlipMessageType.InitializeResponse, 0, ((uint)HiSlipProtocol.Version10 << 16) | sessionId, []);
            session.RunSync(channel, stop);
        }
        finally
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    private ushort NextSessionId()
    {
        while (true)
        {
            ushort candidate = unchecked((ushort)Interlocked.Increment(ref _nextSessionId));
            if (candidate != 0 && !_sessions.ContainsKey(candidate))
            {
                return candidate;
            }
        }
    }
}
