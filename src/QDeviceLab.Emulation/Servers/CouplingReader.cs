using QDeviceLab.Emulation.Instruments;
using QDeviceLab.Emulation.Physics;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Emulation.Servers;

/// <summary>A coupled pair as the emulator takes it from a station file, validated.</summary>
internal sealed record CouplingEntry(string Name, string QubitA, string QubitB, FluxWiring Flux, double StaticZzHz, double ZzPerVoltSquared, double ShiftAPerVoltSquared, double ShiftBPerVoltSquared);

/// <summary>
/// Reads the coupled pairs: the wiring from the harness's <c>pairs.&lt;name&gt;</c> (qubits, flux line; the
/// <c>cz_pulse</c> calibration is the harness's business) and the truth from <c>emulator.couplings.&lt;name&gt;</c>,
/// mirroring <c>qubits</c> / <c>emulator.qubits</c>. Both sections are optional, but each names the same pairs.
/// </summary>
internal static class CouplingReader
{
    public static IReadOnlyList<CouplingEntry> Read(StationYaml y, YamlMappingNode root, YamlMappingNode emulator, IReadOnlyList<InstrumentEntry> instruments, IReadOnlyList<QubitEntry> qubits)
    {
        var pairsNode = y.Optional(root, "pairs");
        var truthNode = y.Optional(emulator, "couplings");
        var result = new List<CouplingEntry>();
        if (pairsNode is null && truthNode is null)
        {
            return result;
        }

        if (pairsNode is not YamlMappingNode pairs)
        {
            throw y.Error(pairsNode ?? truthNode!, "pairs", $"expected a mapping of coupled pairs (each with qubits and flux), got {(pairsNode is null ? "nothing" : StationYaml.Describe(pairsNode))}");
        }

        if (truthNode is not YamlMappingNode truths)
        {
            throw y.Error(truthNode ?? emulator, "emulator.couplings", "expected a mapping with the true coupling (zz, zz_per_volt_squared, frequency_shift_per_volt_squared) of every pair in 'pairs'");
        }

        foreach (var (keyNode, value) in pairs.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            string path = $"pairs.{name}";
            if (value is not YamlMappingNode pair)
            {
                throw y.Error(value, path, $"expected a mapping with 'qubits' and 'flux', got {StationYaml.Describe(value)}");
            }

            var qubitsNode = y.Required(pair, "qubits", path);
            if (qubitsNode is not YamlSequenceNode { Children.Count: 2 } names
                || names.Children[0] is not YamlScalarNode { Value: { } nameA }
                || names.Children[1] is not YamlScalarNode { Value: { } nameB })
            {
                throw y.Error(qubitsNode, $"{path}.qubits", $"expected a list of two qubit names, got {StationYaml.Describe(qubitsNode)}");
            }

            var a = qubits.FirstOrDefault(q => q.Name == nameA);
            var b = qubits.FirstOrDefault(q => q.Name == nameB);
            if (a is null || b is null || a == b)
            {
                throw y.Error(qubitsNode, $"{path}.qubits", $"expected two different qubits of the 'qubits' section, got [{nameA}, {nameB}]");
            }

            if (result.FirstOrDefault(c => c.QubitA == nameA || c.QubitA == nameB || c.QubitB == nameA || c.QubitB == nameB) is { } taken)
            {
                throw y.Error(qubitsNode, $"{path}.qubits", $"a qubit may be in one pair only; pair {taken.Name} already couples {taken.QubitA} and {taken.QubitB}");
            }

            if (a.Wiring.Digitizer != b.Wiring.Digitizer)
            {
                throw y.Error(qubitsNode, $"{path}.qubits",
                    $"the emulator draws a pair's shots jointly, so both need one digitizer; {nameA} is read by {a.Wiring.Digitizer}, {nameB} by {b.Wiring.Digitizer}");
            }

            var flux = ReadFlux(y, pair, path, instruments, qubits, result);
            string truthPath = $"emulator.couplings.{name}";
            if (y.Optional(truths, name) is not YamlMappingNode truth)
            {
                throw y.Error(y.Optional(truths, name) ?? truths, truthPath, "is missing: every pair needs its true coupling (zz, zz_per_volt_squared, frequency_shift_per_volt_squared)");
            }

            double zz = y.Number(truth, "zz", truthPath, v => Math.Abs(v) < 1e9, "a static ZZ in hertz (the |11> energy shift), |zz| < 1 GHz");
            double kappa = y.Number(truth, "zz_per_volt_squared", truthPath, v => Math.Abs(v) < 1e12, "the ZZ added per square volt of flux, in Hz/V^2");
            var shifts = y.Pair(truth, "frequency_shift_per_volt_squared", truthPath);
            result.Add(new CouplingEntry(name, nameA, nameB, flux, zz, kappa, shifts.I, shifts.Q));
        }

        foreach (var (keyNode, _) in truths.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!result.Any(c => c.Name == name))
            {
                throw y.Error(keyNode, $"emulator.couplings.{name}", "names no pair of the 'pairs' section");
            }
        }

        return result;
    }

    /// <summary>The pair's physics from its two qubits' and its own truth.</summary>
    public static PairParameters Physics(CouplingEntry c, TransmonParameters a, TransmonParameters b) =>
        new(a, b, c.StaticZzHz, c.ZzPerVoltSquared, c.ShiftAPerVoltSquared, c.ShiftBPerVoltSquared);

    private static FluxWiring ReadFlux(StationYaml y, YamlMappingNode pair, string path, IReadOnlyList<InstrumentEntry> instruments, IReadOnlyList<QubitEntry> qubits, List<CouplingEntry> earlier)
    {
        var flux = y.Mapping(pair, "flux", path);
        string fluxPath = $"{path}.flux";
        string awg = y.String(flux, "awg", fluxPath);
        if (!instruments.Any(i => i.Name == awg && i.Model == EmulatedModels.Awg5208))
        {
            throw y.Error(y.Required(flux, "awg", fluxPath), $"{fluxPath}.awg", $"expected the name of an instrument of model '{EmulatedModels.Awg5208}', got '{awg}'");
        }

        int channel = y.Integer(flux, "channel", fluxPath, 1, Awg5208Emulator.Channels);
        var user = qubits.FirstOrDefault(q => q.Wiring.Awg == awg && (q.Wiring.IChannel == channel || q.Wiring.QChannel == channel))?.Name
            ?? earlier.FirstOrDefault(c => c.Flux == new FluxWiring(awg, channel))?.Name;
        if (user is not null)
        {
            throw y.Error(flux, fluxPath, $"{awg} channel {channel} already carries {user}'s lines; a flux line needs a channel of its own");
        }

        return new FluxWiring(awg, channel);
    }
}
