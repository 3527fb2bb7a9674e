using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace QDeviceLab.Conformance.Tests;

public sealed class ReportManifestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ReportManifestTests()
    {
        _folder.Write("report.json", "{}");
        _folder.Write("raw/t1-q0.shots.csv", "0,1\n");
        _folder.Write("raw/deeper/x.bin", "x");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_untouched_folder_is_intact_and_every_file_is_listed_recursively()
    {
        ReportManifest.Write(_folder.Path);

        var check = ReportManifest.Verify(_folder.Path);

        Assert.True(check.Intact);
        Assert.False(check.Signed);
        Assert.Equal(["raw/deeper/x.bin", "raw/t1-q0.shots.csv", "report.json"], ReportManifest.Hash(_folder.Path).Select(e => e.Path));
    }

    [Fact]
    public void Added_removed_and_changed_files_are_each_named()
    {
        ReportManifest.Write(_folder.Path);
        _folder.Write("raw/extra.csv", "1");
        File.Delete(Path.Combine(_folder.Path, "raw", "deeper", "x.bin"));
        _folder.Write("report.json", "{\"verdict\":\"PASS\"}");

        var check = ReportManifest.Verify(_folder.Path);

        Assert.False(check.Intact);
        Assert.Equal(["raw/extra.csv"], check.Added);
        Assert.Equal(["raw/deeper/x.bin"], check.Removed);
        Assert.Equal(["report.json"], check.Changed);
    }

    [Fact]
    public void A_signed_manifest_verifies_with_the_signers_key_and_not_with_another()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ReportManifest.Write(_folder.Path, signer.ExportPkcs8PrivateKeyPem());

        Assert.True(ReportManifest.Verify(_folder.Path, signer.ExportSubjectPublicKeyInfoPem()).Intact);
        Assert.True(ReportManifest.Verify(_folder.Path).SignatureValid);
        var wrongKey = ReportManifest.Verify(_folder.Path, other.ExportSubjectPublicKeyInfoPem());
        Assert.False(wrongKey.Intact);
        Assert.False(wrongKey.SignatureValid);
    }

    [Fact]
    public void A_manifest_edited_after_signing_fails_its_signature_even_when_the_files_match_the_edit()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ReportManifest.Write(_folder.Path, signer.ExportPkcs8PrivateKeyPem());
        _folder.Write("report.json", "{\"forged\":true}");
        var path = Path.Combine(_folder.Path, ReportManifest.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var entry = manifest["files"]!.AsArray().Single(f => (string?)f!["path"] == "report.json")!;
        entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_folder.Path, "report.json"))));
        entry["bytes"] = new FileInfo(Path.Combine(_folder.Path, "report.json")).Length;
        File.WriteAllText(path, manifest.ToJsonString());

        var check = ReportManifest.Verify(_folder.Path, signer.ExportSubjectPublicKeyInfoPem());

        Assert.Empty(check.Changed);
        Assert.False(check.SignatureValid);
        Assert.False(check.Intact);
    }

    [Fact]
    public void The_signature_covers_sha256sum_text_so_openssl_can_check_it()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ReportManifest.Write(_folder.Path, signer.ExportPkcs8PrivateKeyPem());
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder.Path, ReportManifest.FileName)))!;
        var payload = string.Concat(ReportManifest.Hash(_folder.Path).Select(e => $"{e.Sha256}  {e.Path}\n"));

        var signature = Convert.FromBase64String((string)manifest["signature"]!["value"]!);

        Assert.True(signer.VerifyData(System.Text.Encoding.UTF8.GetBytes(payload), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Asking_for_a_signature_on_an_unsigned_manifest_fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ReportManifest.Write(_folder.Path);

        var check = ReportManifest.Verify(_folder.Path, key.ExportSubjectPublicKeyInfoPem());

        Assert.False(check.Intact);
        Assert.NotNull(check.Problem);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_an_input_error()
    {
        Assert.Throws<Core.UserInputException>(() => ReportManifest.Verify(_folder.Path));
    }

    [Fact]
    public void A_key_that_is_not_p256_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var error = Assert.Throws<Core.UserInputException>(() => ReportManifest.Write(_folder.Path, p384.ExportPkcs8PrivateKeyPem()));

        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }
}
