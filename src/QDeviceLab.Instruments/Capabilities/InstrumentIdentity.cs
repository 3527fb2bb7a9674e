namespace QDeviceLab.Instruments.Capabilities;

/// <summary>IEEE 488.2 <c>*IDN?</c> answer: manufacturer, model, serial number, firmware.</summary>
public sealed record InstrumentIdentity(string Manufacturer, string Model, string SerialNumber, string Firmware)
{
    /// <summary>The raw four-field answer, as the instrument sent it.</summary>
    public required string Raw { get; init; }

    /// <summary>Parses <c>maker,model,serial,firmware</c>; fewer fields are kept as empty strings.</summary>
    public static InstrumentIdentity Parse(string idn)
    {
        ArgumentNullException.ThrowIfNull(idn);
        var fields = idn.Trim().Split(',', 4, StringSplitOptions.TrimEntries);
        string Field(int i) => i < fields.Length ? fields[i] : "";
        return new InstrumentIdentity(Field(0), Field(1), Field(2), Field(3)) { Raw = idn.Trim() };
    }
}
