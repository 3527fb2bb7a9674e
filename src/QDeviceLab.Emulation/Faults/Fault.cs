using QDeviceLab.Emulation.Scpi;

namespace QDeviceLab.Emulation.Faults;

/// <summary>
/// One entry of the station file's <c>emulator.faults</c> list: something that goes wrong with
/// one instrument, at a point fixed by counts (answers, program messages, bytes, arms) or by
/// emulated time, so that every run of the same file and seed fails the same way.
/// </summary>
internal abstract record Fault(string Instrument);

/// <summary>Every answer leaves <see cref="Seconds"/> plus a seeded uniform 0..<see cref="Jitter"/> late.</summary>
internal sealed record LatencyFault(string Instrument, double Seconds, double Jitter) : Fault(Instrument);

/// <summary>The link carries <see cref="AfterBytes"/> bytes (both directions, all connections), then the server closes it. Once.</summary>
internal sealed record DropLinkFault(string Instrument, long AfterBytes) : Fault(Instrument);

/// <summary>The <see cref="Answer"/>-th answer is replaced by seeded printable junk of the same length.</summary>
internal sealed record GarbageAnswerFault(string Instrument, long Answer) : Fault(Instrument);

/// <summary>The <see cref="Answer"/>-th answer stops half way (a block short of its announced length), then the link closes.</summary>
internal sealed record TruncatedAnswerFault(string Instrument, long Answer) : Fault(Instrument);

/// <summary>After the <see cref="AfterCommands"/>-th program message, <see cref="Count"/> copies of <see cref="Error"/> enter the error queue.</summary>
internal sealed record InjectedErrorFault(string Instrument, long AfterCommands, ScpiError Error, int Count) : Fault(Instrument);

/// <summary>After the <see cref="AfterCommands"/>-th program message the instrument power-cycles: settings, data and error queue are lost, *ESR? shows PON.</summary>
internal sealed record ResetFault(string Instrument, long AfterCommands) : Fault(Instrument);

/// <summary>Arms <see cref="Arm"/> .. <see cref="Arm"/> + <see cref="Count"/> - 1 of a digitizer never see their trigger: the acquisition never completes and *OPC? never answers.</summary>
internal sealed record StuckTriggerFault(string Instrument, long Arm, int Count) : Fault(Instrument);

/// <summary>The mixing chamber (read by this bridge) sits at <see cref="Peak"/> kelvin from emulated time <see cref="Start"/> to <see cref="End"/>.</summary>
internal sealed record TemperatureExcursionFault(string Instrument, double Peak, double Start, double End) : Fault(Instrument);
