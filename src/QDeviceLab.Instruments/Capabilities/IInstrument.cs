namespace QDeviceLab.Instruments.Capabilities;

/// <summary>What every instrument in a station can say about itself.</summary>
public interface IInstrument : IAsyncDisposable
{
    /// <summary>Name of the instrument in the station file (e.g. <c>awg1</c>).</summary>
    string Name { get; }

    /// <summary>VISA resource string the session was opened on.</summary>
    string Resource { get; }

    /// <summary>The instrument's answer to <c>*IDN?</c>, read when the station opened.</summary>
    InstrumentIdentity Identity { get; }
}
