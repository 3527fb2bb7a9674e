using System.CommandLine;
using QDeviceLab.Conformance;
using QDeviceLab.Conformance.Steps;
using QDeviceLab.Core;

namespace QDeviceLab.Cli.Commands;

/// <summary>
/// <c>qdlab report DIR [--signing-key PEM]</c> re-renders every report of a run folder from its
/// run-record.json without measuring; <c>qdlab report verify DIR [--public-key PEM]</c> checks
/// the folder against its manifest: exit 0 intact, 1 a file was added, removed or changed or
/// the signature is bad, 4 no readable manifest or key.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var directory = new Argument<string>("dir") { Description = "Report folder written by 'qdlab run'" };
        var signingKey = new Option<string?>("--signing-key") { Description = "EC P-256 private key (PEM) to sign the new manifest with" };
        var command = new Command("report", "Re-render a run folder's reports from its run-record.json, without measuring") { directory, signingKey };
        command.SetAction(async (result, cancellationToken) =>
        {
            var folder = ExistingFolder(result.GetValue(directory)!);
            var record = ReportFolder.Rerender(folder, StepLibrary.Create(), RunReport.ReadKey(result.GetValue(signingKey)));
            await output.WriteLineAsync($"Re-rendered {folder} from {RunRecordJson.FileName}: verdict {record.Verdict.ToReportWord()}").ConfigureAwait(false);
            return ExitCodes.For(record.Verdict);
        });
        command.Subcommands.Add(Verify(output));
        return command;
    }

    private static Command Verify(TextWriter output)
    {
        var directory = new Argument<string>("dir") { Description = "Report folder with a manifest.json" };
        var publicKey = new Option<string?>("--public-key") { Description = "EC P-256 public key (PEM) the manifest must be signed with" };
        var command = new Command("verify", "Check that a report folder is exactly what its manifest lists, and its signature") { directory, publicKey };
        command.SetAction(async (result, cancellationToken) =>
        {
            var folder = ExistingFolder(result.GetValue(directory)!);
            var check = ReportManifest.Verify(folder, RunReport.ReadKey(result.GetValue(publicKey)));
            foreach (var path in check.Added)
            {
                await output.WriteLineAsync($"added:   {path}").ConfigureAwait(false);
            }

            foreach (var path in check.Removed)
            {
                await output.WriteLineAsync($"removed: {path}").ConfigureAwait(false);
            }

            foreach (var path in check.Changed)
            {
                await output.WriteLineAsync($"changed: {path}").ConfigureAwait(false);
            }

            if (check.Problem is not null)
            {
                await output.WriteLineAsync($"signature: {check.Problem}").ConfigureAwait(false);
            }

            var signature = (check.Signed, check.SignatureValid, result.GetValue(publicKey)) switch
            {
                (false, _, _) => "unsigned",
                (true, true, null) => "signature valid (checked against the key in the manifest; pass --public-key to check the signer)",
                (true, true, _) => "signature valid for the given public key",
                _ => "signature INVALID",
            };
            await output.WriteLineAsync(check.Intact ? $"OK: {folder} matches its manifest, {signature}" : $"MISMATCH: {folder} is not what its manifest lists ({signature})").ConfigureAwait(false);
            return check.Intact ? ExitCodes.Pass : ExitCodes.Fail;
        });
        return command;
    }

    private static string ExistingFolder(string path)
    {
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) ? full : throw new UsageException($"'{path}' is not a folder");
    }
}
