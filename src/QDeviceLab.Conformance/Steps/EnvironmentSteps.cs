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
            var station = Harness.Of(step).Station;
            await station.RecoverBrokenInstrumentsAsync(step.CancellationToken).ConfigureAwait(false);
            var kelvin = await station.ReadMixingChamberTemperatureAsync(step.CancellationToken).ConfigureAwait(false);
            step.Scenario.Items["mixing_chamber_temperature"] = kelvin;
            if (!(kelvin < limit))
            {
                throw new MeasurementException(string.Create(CultureInfo.InvariantCulture,
                    $"the mixing chamber is at {kelvin * 1e3:G4} mK, not colder than {limit * 1e3:G4} mK"));
            }
        });
    }
}
