using System.Globalization;
using System.Text;
using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Tests.Scpi;

/// <summary>A tiny instrument whose handlers record what they were called with.</summary>
internal sealed class TestInstrument : ScpiInstrument
{
    public TestInstrument()
        : base(new object())
    {
        AddErrorQueueCommands();
        Commands.Add(
            "[SOURce<n>]:VOLTage[:LEVel][:IMMediate][:AMPLitude]",
            set: c => Calls.Add($"VOLT {c.Suffixes[0]} {c.Parameter(0, "volts").AsDouble().ToString(CultureInfo.InvariantCulture)}"),
            query: c => c.Response.WriteText($"VOLT{c.Suffixes[0]}?"));
        Commands.Add("OUTPut<n>[:STATe]", set: c => Calls.Add($"OUTP {c.Suffix(0, 8)} {c.Parameter(0, "state").AsBoolean()}"));
        Commands.Add("WLISt:WAVeform:NEW", set: c => Calls.Add($"NEW {c.Parameter(0, "name").AsString()} {c.Parameter(1, "size").AsInteger()}"));
        Commands.Add("WLISt:WAVeform:DATA", set: c => Calls.Add($"DATA {c.Parameter(0, "name").AsString()} [{Encoding.ASCII.GetString(c.Parameters[^1].AsBlock().Span)}]"));
        Commands.Add("WLISt:SIZE", query: c => c.Response.WriteText("0"));
        Commands.Add("FETCh:BLOCk", query: c => c.Response.WriteBlock("a\nb"u8));
    }

    public List<string> Calls { get; } = [];

    public override string Identity => "TEST,SCPI,1,1.0";

    public override long MaxBlockBytes => 100;

    public override int MaxMessageTextBytes => 200;

    public string? Run(string message)
    {
        var bytes = Execute(Encoding.ASCII.GetBytes(message));
        return bytes is null ? null : Encoding.ASCII.GetString(bytes);
    }

    protected override void Reset() => Calls.Add("RST");
}
