using System.Globalization;
using QDeviceLab.Protocols.Calibration;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Conformance.Steps;

/// <summary>Drive calibration steps, and the <c>{voltage}</c> parameter type they use.</summary>
internal static class CalibrationSteps
{
    /// <summary>A voltage with a unit (V, mV, µV, uV), converted to volts.</summary>
    public static StepParameterType Voltage { get; } = new(
        "voltage",
        [StepParameterType.Number + @" ?(?:V|mV|µV|μV|uV)"],
        typeof(double),
        text =>
        {
            var unitStart = text.Length;
            while (unitStart > 0 && char.IsLetter(text[unitStart - 1]))
            {
                unitStart--;
            }

            var scale = text[unitStart..] switch
            {
                "V" => 1.0,
                "mV" => 1e-3,
                "µV" or "μV" or "uV" => 1e-6,
                _ => throw new FormatException($"'{text}' is not a voltage"),
            };
            return double.Parse(text[..unitStart].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) * scale;
        },
        weight: 1);

    public static void Register(StepRegistry registry)
    {
        registry.Define(
            "the pi pulse amplitude of qubit {word} is calibrated by a Rabi sweep with {int} amplitudes from {voltage} to {voltage} and {int} shots each",
            async (step, a) =>
            {
                var harness = Harness.Of(step);
                var qubit = await harness.QubitAsync((string)a[0]!, step.CancellationToken).ConfigureAwait(false);
                var amplitudes = RabiAmplitude.LinearAmplitudes((int)a[1]!, (double)a[2]!, (double)a[3]!);
                await using var recorder = RawDataRecorder.Create(harness.RawDataDirectory, $"rabi-{qubit.Name}", RabiAmplitude.ShotsColumn);
                var data = await RabiAmplitude.AcquireAsync(qubit, amplitudes, (int)a[4]!, recorder, step.CancellationToken).ConfigureAwait(false);
                var rabi = RabiAmplitude.Fit(data) with { RawDataFile = harness.RelativeToReport(recorder.SummaryPath) };
                MeasuredMetrics.Keep(step, rabi);
                MeasuredMetrics.Keep(step, PiAmplitudeDrift.Of(rabi));
            });
    }
}
