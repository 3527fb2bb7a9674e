using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Faults;

internal static class FaultStations
{
    /// <summary>The default station with an <c>emulator.faults</c> list of the given flow mappings.</summary>
    public static string With(params string[] faults) =>
        StationFiles.Temporary(File.ReadAllText(StationFiles.Default).TrimEnd() + "\n  faults:\n"
            + string.Concat(faults.Select(f => $"    - {{ {f} }}\n")));
}
