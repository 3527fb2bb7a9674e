using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// Two coupled qubits of the station (top-level <c>pairs.&lt;name&gt;</c>): which qubits, the AWG channel of their flux
/// line, and the calibrated CZ gate on it.
/// </summary>
public sealed record PairDefinition(string Name, string QubitA, string QubitB, FluxLine Flux, CzPulseCalibration CzPulse);

/// <summary>The AWG channel whose voltage tunes the pair's coupling.</summary>
public sealed record FluxLine(string Awg, int Channel);

/// <summary>
/// Calibrated CZ: a square flux pulse of <paramref name="Amplitude"/> volts for <paramref name="Duration"/> seconds gives
/// a conditional phase of pi; then virtual Z rotations of <paramref name="PhaseCorrectionA"/> on the first qubit and
/// <paramref name="PhaseCorrectionB"/> on the second (radians) undo each qubit's own phase over the pulse.
/// </summary>
public sealed record CzPulseCalibration(double Amplitude, double Duration, double PhaseCorrectionA, double PhaseCorrectionB);

/// <summary>Reads and checks the optional <c>pairs:</c> section of a station file.</summary>
internal static class PairSection
{
    public static Dictionary<string, PairDefinition> Read(YamlFields y, YamlMappingNode root, Dictionary<string, InstrumentDefinition> instruments, Dictionary<string, QubitDefinition> qubits)
    {
        var result = new Dictionary<string, PairDefinition>(StringComparer.Ordinal);
        if (y.Optional(root, "pairs") is not { } node)
        {
            return result;
        }

        if (node is not YamlMappingNode map)
        {
            throw y.Error(node, "pairs", "expected a mapping of pair names to qubits:, flux:, cz_pulse:");
        }

        foreach (var (name, entry) in y.Entries(map, "pairs"))
        {
            var path = "pairs." + name;
            if (entry is not YamlMappingNode fields)
            {
                throw y.Error(entry, path, "expected a mapping with qubits:, flux:, cz_pulse:");
            }

            var qubitsNode = y.Required(fields, "qubits", path);
            if (qubitsNode is not YamlSequenceNode { Children.Count: 2 } list
                || list.Children[0] is not YamlScalarNode { Value: { } a }
                || list.Children[1] is not YamlScalarNode { Value: { } b }
                || a == b || !qubits.ContainsKey(a) || !qubits.ContainsKey(b))
            {
                throw y.Error(qubitsNode, path + ".qubits", $"expected a list of two different qubits of qubits: ({string.Join(", ", qubits.Keys)})");
            }

            if (result.Values.FirstOrDefault(p => p.QubitA == a || p.QubitB == a || p.QubitA == b || p.QubitB == b) is { } taken)
            {
                throw y.Error(qubitsNode, path + ".qubits", $"a qubit may be in one pair only; {taken.Name} already couples {taken.QubitA} and {taken.QubitB}");
            }

            var fluxPath = path + ".flux";
            var flux = y.Mapping(fields, "flux", path);
            var awgNode = y.Required(flux, "awg", fluxPath);
            var awg = y.String(flux, "awg", fluxPath);
            if (!instruments.TryGetValue(awg, out var instrument) || DriverCatalog.KindOf(instrument.Model) != InstrumentKind.Awg)
            {
                throw y.Error(awgNode, fluxPath + ".awg", $"expected the name of an arbitrary waveform generator of instruments:, got '{awg}'");
            }

            int channel = y.Int(flux, "channel", fluxPath, 1, DriverCatalog.ChannelCount(instrument.Model));
            if (qubits.Values.FirstOrDefault(q => q.Drive.Awg == awg && (q.Drive.InPhaseChannel == channel || q.Drive.QuadratureChannel == channel)) is { } user)
            {
                throw y.Error(flux, fluxPath, $"{awg} channel {channel} already drives {user.Name}; a flux line needs its own channel");
            }

            var czPath = path + ".cz_pulse";
            var cz = y.Mapping(fields, "cz_pulse", path);
            var correctionsNode = y.Required(cz, "phase_corrections", czPath);
            if (correctionsNode is not YamlSequenceNode { Children.Count: 2 } corrections
                || !TryAngle(corrections.Children[0], out double phaseA) || !TryAngle(corrections.Children[1], out double phaseB))
            {
                throw y.Error(correctionsNode, czPath + ".phase_corrections", "expected a list of two angles in radians, one per qubit, e.g. [1.21, 0.87]");
            }

            var calibration = new CzPulseCalibration(
                y.Double(cz, "amplitude", czPath, min: -10, max: 10),
                y.Double(cz, "duration", czPath, min: 1e-10, max: 1e-5),
                phaseA,
                phaseB);
            result[name] = new PairDefinition(name, a, b, new FluxLine(awg, channel), calibration);
        }

        return result;
    }

    private static bool TryAngle(YamlNode node, out double angle)
    {
        angle = 0;
        return node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out angle)
            && double.IsFinite(angle) && Math.Abs(angle) <= 100;
    }
}
