using System.Globalization;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance.Steps;

/// <summary>Steps about the cryostat and the station as a whole.</summary>
internal static class EnvironmentSteps
{
    public static void Register(StepRegistry registry)
    {
        registry.Define("the mixing chamber is colder than {temperature}", async (step, args) =>
        {
            var limit = (double)args[0]!;
            var harness = Harness.Of(step);
            var station = harness.Station;
            await station.RecoverBrokenInstrumentsAsync(step.CancellationToken).ConfigureAwait(false);
            var kelvin = await station.ReadMixingChamberTemperatureAsync(step.CancellationToken).ConfigureAwait(false);
            step.Scenario.Items["mixing_chamber_temperature"] = kelvin;

            // Logged before the check, so a too-warm reading is on record next to the failure it caused.
            var sensor = station.Definition.MixingChamber is { } s ? $"{s.Monitor} channel {s.Channel}" : null;
            EnvironmentLog.Append(harness.RawDataDirectory, new EnvironmentReading(
                DateTimeOffset.UtcNow, "mixing chamber temperature", kelvin, "K", sensor, step.Scenario.Scenario.Name));
            if (!(kelvin < limit))
            {
                throw new MeasurementException(string.Create(CultureInfo.InvariantCulture,
                    $"the mixing chamber is at {kelvin * 1e3:G4} mK, not colder than {limit * 1e3:G4} mK"));
            }
        });
    }
}
