namespace QDeviceLab.Visa.Tracing;

/// <summary>
/// One exchange with an instrument as the I/O trace records it: a program message and its answer, or
/// a device clear or status-byte read. Payloads are summaries (<see cref="IoPayload"/>), never dumps.
/// </summary>
/// <param name="Started">When the first byte of the exchange was handed to the transport.</param>
/// <param name="Command">The program message sent, or null for a read with no write before it.</param>
/// <param name="Answer">The answer read, or null when none was read.</param>
/// <param name="Duration">From the start of the write to the end of the last read.</param>
/// <param name="Error">What went wrong (timeout, dropped link, cancellation), or null.</param>
public sealed record IoExchange(DateTimeOffset Started, string Resource, string? Command, string? Answer, TimeSpan Duration, string? Error);
