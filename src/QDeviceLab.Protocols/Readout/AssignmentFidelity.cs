using System.Globalization;
using QDeviceLab.Analysis;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Stations;
using QDeviceLab.Protocols.Acquisition;
using QDeviceLab.Protocols.RawData;

namespace QDeviceLab.Protocols.Readout;

/// <summary>
/// Single-shot readout assignment fidelity: prepare |0> and |1> (N shots each), assign every
/// shot with the midpoint discriminator fitted to those same shots, and count the confusion
/// matrix P(m|s). F = 1 - [P(0|1) + P(1|0)]/2 includes preparation errors (thermal population,
/// pi-pulse error, decay during the pulse), as it does on real hardware.
/// </summary>
public static class AssignmentFidelity
{
    public const string ProtocolName = "readout-assignment-fidelity";

    public const string Metric = "F_RO";

    /// <summary>Third column of the shots file: the prepared basis state.</summary>
    public const string ShotsColumn = "prepared_state";

    public static async Task<SingleShotData> AcquireAsync(QubitLines qubit, int shotsPerState, RawDataRecorder recorder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qubit);
        ArgumentNullException.ThrowIfNull(recorder);
        if (shotsPerState is < 10 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(shotsPerState), shotsPerState, "shots per prepared state must be 10 to 1,000,000");
        }

        var started = DateTimeOffset.UtcNow;
        ReadoutReference? reference = null;
        PreparedStateCounts[] prepared = [];
        SingleShotData Snapshot(bool complete) => new()
        {
            Protocol = ProtocolName,
            Qubit = qubit.Name,
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Complete = complete,
            Settings = AcquisitionSettings.For(qubit, shotsPerState, new Dictionary<string, double>()),
            Instruments = AcquisitionSettings.Instruments(qubit),
            Reference = reference,
            Prepared = prepared,
            ShotsFile = Path.GetFileName(recorder.ShotsPath),
        };

        async Task TakeAllAsync()
        {
            var (ground, excited) = await BasisStatePreparation.AcquireAsync(
                qubit, shotsPerState, recorder, new ShotsRow(0, "prepared_0", 0), new ShotsRow(1, "prepared_1", 1), cancellationToken).ConfigureAwait(false);

            // The threshold comes from the same shots it assigns. It has two degrees of freedom (the
            // centres) against thousands of shots, so the optimism this buys is of order 1/N, far
            // below the binomial uncertainty of order 1/sqrt(N).
            var discriminator = new StateDiscriminator(ground, excited);
            reference = BasisStatePreparation.Reference(discriminator, shotsPerState);
            prepared =
            [
                new PreparedStateCounts(0, discriminator.CountExcited(ground), ground.Count),
                new PreparedStateCounts(1, discriminator.CountExcited(excited), excited.Count),
            ];
        }

        return await recorder.RecordAsync(TakeAllAsync, Snapshot).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts the confusion matrix and F. The standard uncertainty treats the two error rates as
    /// independent binomial estimates: u(F) = (1/2) sqrt(u(P(0|1))^2 + u(P(1|0))^2), each u from
    /// <see cref="ShotNoise.BinomialSigma"/> (regularised so that zero errors do not claim zero uncertainty).
    /// </summary>
    public static AssignmentFidelityResult Fit(SingleShotData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ground = data.Prepared.SingleOrDefault(p => p.State == 0);
        var excited = data.Prepared.SingleOrDefault(p => p.State == 1);
        if (ground is null || excited is null)
        {
            throw new MeasurementException($"{data.Protocol} of {data.Qubit}: both |0> and |1> must have been read out, found states {string.Join(", ", data.Prepared.Select(p => p.State))}");
        }

        var p1Given0 = (double)ground.AssignedExcited / ground.Shots;
        var p0Given1 = (double)excited.AssignedGround / excited.Shots;
        var confusion = new ConfusionMatrix(1 - p1Given0, p1Given0, p0Given1, 1 - p0Given1);
        var fidelity = 1 - (p0Given1 + p1Given0) / 2;
        var u0 = ShotNoise.BinomialSigma(ground.AssignedExcited, ground.Shots);
        var u1 = ShotNoise.BinomialSigma(excited.AssignedGround, excited.Shots);
        var value = new Measurement(fidelity, 0.5 * Math.Sqrt(u0 * u0 + u1 * u1), "1");
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Single-shot readout of |0> (idle) and |1> (pi pulse), {ground.Shots} and {excited.Shots} shots, each assigned by a midpoint threshold on the line joining the two cloud centres; confusion matrix P(1|0) = {p1Given0:F4}, P(0|1) = {p0Given1:F4}; F = 1 - [P(0|1) + P(1|0)]/2 with binomial uncertainty. Includes state-preparation errors.");
        return new AssignmentFidelityResult(data.Qubit, value, confusion, method, data);
    }
}
