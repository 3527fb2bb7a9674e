using QDeviceLab.Visa.Vxi11;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// <c>TCPIP::host::device::INSTR</c> over VXI-11 against the emulator's VXI-11 server, found through its
/// portmapper (port 111 when the test runs as root and the port is free, else ephemeral). No deviations:
/// device clear is <c>device_clear</c>, the status byte <c>device_readstb</c>.
/// </summary>
public sealed class Vxi11Conformance : MessageSessionConformance
{
    protected override Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout) =>
        MessageSession.OpenAsync(Station.Vxi11Resources[instrument], new MessageSessionOptions
        {
            Timeout = timeout,
            Vxi11PortmapperPort = Station.PortmapperPort,
        });

    protected override async Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync()
    {
        var peer = Vxi11TestPeer.Start(Vxi11TestPeer.Behaviour.HangUpInsideReadReply);
        var session = await MessageSession.OpenAsync(peer.Resource, new MessageSessionOptions { Vxi11PortmapperPort = peer.PortmapperPort });
        return (session, peer);
    }
}
