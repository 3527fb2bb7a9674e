using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.Scpi;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.QDeviceLab;

/// <summary>
/// Driver for the QDeviceLab DIG-IQ4 reference command set of an integrating IQ readout
/// digitizer (documented in instruments/models/qdevicelab-dig-iq4.md): arm for N shots,
/// each AWG play triggers one shot, fetch float32 (I,Q) pairs as a definite block.
/// </summary>
public sealed partial class QDeviceLabDigIq4 : ScpiInstrument, IDigitizer
{
    public const int ChannelCount = 4;

    public const int MaxShots = 1_000_000;

    public QDeviceLabDigIq4(string name, IMessageSession session) : base(name, session)
    {
    }

    protected override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WriteAsync("*CLS", cancellationToken).ConfigureAwait(false);
        // Little-endian blocks are a straight copy on the x86/ARM hosts the harness runs on.
        await WriteAsync("FORMat:BORDer SWAPped", cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync("FORMat:BORDer SWAPped", cancellationToken).ConfigureAwait(false);
    }

    public int ArmedShots { get; private set; }

    public async Task ArmAsync(int shots, CancellationToken cancellationToken = default)
    {
        if (shots < 1 || shots > MaxShots)
        {
            throw new ArgumentOutOfRangeException(nameof(shots), shots, $"{Name} acquires 1-{MaxShots} shots");
        }

        await WriteAsync($"ACQuire:SHOTs {shots}", cancellationToken).ConfigureAwait(false);
        await WriteAsync("INITiate:IMMediate", cancellationToken).ConfigureAwait(false);
        await ThrowOnInstrumentErrorAsync($"ACQuire:SHOTs {shots};INITiate", cancellationToken).ConfigureAwait(false);
        ArmedShots = shots;
    }

    public async Task WaitForAcquisitionAsync(CancellationToken cancellationToken = default)
    {
        var answer = await QueryIntAsync("*OPC?", cancellationToken).ConfigureAwait(false);
        if (answer != 1)
        {
            throw new Core.InstrumentIOException(Resource, "*OPC?", $"expected 1 but the instrument answered {answer}", isTransient: false);
        }
    }

    public async Task<IqShots> FetchIqAsync(int channel, CancellationToken cancellationToken = default)
    {
        if (channel < 1 || channel > ChannelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"{Name} has channels 1-{ChannelCount}");
        }

        var command = $"FETCh:IQ? {channel}";
        long maxBytes = (long)Math.Max(ArmedShots, 1) * 2 * sizeof(float);
        var pairs = await Session.QueryBlockAsync<float>(command, ByteOrder.LittleEndian, maxBytes, cancellationToken).ConfigureAwait(false);
        if (pairs.Length == 0)
        {
            await ThrowOnInstrumentErrorAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (pairs.Length != 2 * ArmedShots)
        {
            throw new Core.InstrumentIOException(Resource, command, $"expected {ArmedShots} IQ pairs but received {pairs.Length / 2.0}", isTransient: false);
        }

        var inPhase = new float[ArmedShots];
        var quadrature = new float[ArmedShots];
        for (var shot = 0; shot < ArmedShots; shot++)
        {
            inPhase[shot] = pairs[2 * shot];
            quadrature[shot] = pairs[2 * shot + 1];
        }

        return new IqShots(inPhase, quadrature);
    }
}
