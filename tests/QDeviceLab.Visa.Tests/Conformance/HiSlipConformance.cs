using QDeviceLab.Visa.Tests.HiSlip;

namespace QDeviceLab.Visa.Tests.Conformance;

/// <summary>
/// <c>TCPIP::host::hislip&lt;n&gt;,port::INSTR</c> over HiSLIP against the emulator's HiSLIP server (one port for
/// the station, <c>hislip&lt;n&gt;</c> = n-th instrument). No deviations: device clear is the HiSLIP device clear
/// handshake on both channels, the status byte AsyncStatusQuery.
/// </summary>
public sealed class HiSlipConformance : MessageSessionConformance
{
    protected override Task<IMessageSession> OpenAsync(string instrument, TimeSpan timeout) =>
        MessageSession.OpenAsync(Station.HiSlipResources[instrument], new MessageSessionOptions { Timeout = timeout });

    protected override async Task<(IMessageSession Session, IAsyncDisposable Peer)> OpenToPeerThatHangsUpMidAnswerAsync()
    {
        var peer = HiSlipTestPeer.Start(HiSlipTestPeer.Behaviour.HangUpMidAnswer);
        return (await MessageSession.OpenAsync(peer.Resource), peer);
    }
}
