using System.Globalization;

namespace QDeviceLab.Conformance.Steps;

/// <summary>
/// The step vocabulary features are written in (docs/steps.md). Each step is one or two
/// lines calling into protocols and drivers; the parameter types carry SI conversions.
/// </summary>
public static class StepLibrary
{
    /// <summary>A frequency with a unit (Hz, kHz, MHz, GHz), converted to hertz.</summary>
    public static StepParameterType Frequency { get; } = new(
        "frequency",
        [StepParameterType.Number + @" ?(?:Hz|kHz|MHz|GHz)"],
        typeof(double),
        text =>
        {
            var (number, unit) = SplitUnit(text);
            var scale = unit switch { "Hz" => 1.0, "kHz" => 1e3, "MHz" => 1e6, "GHz" => 1e9, _ => throw new FormatException($"'{text}' is not a frequency") };
            return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) * scale;
        },
        weight: 1);

    /// <summary>A registry with every QDeviceLab step defined.</summary>
    public static StepRegistry Create()
    {
        var registry = new StepRegistry();
        registry.DefineParameterType(Frequency);
        EnvironmentSteps.Register(registry);
        CoherenceSteps.Register(registry);
        EchoSteps.Register(registry);
        ReadoutSteps.Register(registry);
        registry.DefineParameterType(CalibrationSteps.Voltage);
        CalibrationSteps.Register(registry);
        BenchmarkingSteps.Register(registry);
        TwoQubitSteps.Register(registry);
        return registry;
    }

    private static (string Number, string Unit) SplitUnit(string text)
    {
        var i = text.Length;
        while (i > 0 && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        return (text[..i].Trim(), text[i..]);
    }
}
