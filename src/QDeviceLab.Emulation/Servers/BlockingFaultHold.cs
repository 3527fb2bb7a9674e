using QDeviceLab.Emulation.Faults;

namespace QDeviceLab.Emulation.Servers;

/// <summary>
/// The answer hold of <see cref="InstrumentFaults"/> for servers that serve a connection on a
/// thread of its own: that thread waits out the latency itself (nothing else is queued on it),
/// and only when faults are configured; a stopping server ends the wait at once.
/// </summary>
internal static class BlockingFaultHold
{
    public static long HoldAnswer(this InstrumentFaults faults, CancellationToken stop)
    {
        var hold = faults.HoldAnswerAsync(stop);
        return hold.IsCompleted ? hold.Result : hold.AsTask().GetAwaiter().GetResult();
    }
}
