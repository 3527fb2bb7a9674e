using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QDeviceLab.Core;

namespace QDeviceLab.Conformance;

/// <summary>One file of a report folder: path relative to the folder (<c>/</c>-separated), size and SHA-256.</summary>
public sealed record ManifestEntry(string Path, long Bytes, string Sha256);

/// <summary>An ECDSA signature over a manifest's file list, with the public key that checks it.</summary>
/// <param name="PublicKey">The signer's public key, SubjectPublicKeyInfo PEM.</param>
/// <param name="Value">DER-encoded (RFC 3279) signature, base64, as <c>openssl dgst -sha256 -sign</c> makes.</param>
public sealed record ManifestSignature(string Algorithm, string PublicKey, string Value);

/// <summary>What <see cref="ReportManifest.Verify"/> found.</summary>
public sealed record ManifestCheck(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    bool Signed,
    bool? SignatureValid,
    string? Problem)
{
    /// <summary>True when the folder holds exactly the listed files, unchanged, and any signature checked out.</summary>
    public bool Intact => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && SignatureValid != false && Problem is null;
}

/// <summary>
/// <c>manifest.json</c>: the SHA-256 of every file of a report folder (raw data included), so
/// an archive can prove later that nothing was added, removed or altered; optionally signed
/// with an ECDSA P-256 key so it can also prove who vouched for it. The signed bytes are the
/// file list in <c>sha256sum</c> format (<c>HASH  PATH\n</c>, ordinal path order), so anyone can
/// check a report with coreutils and openssl, without QDeviceLab.
/// </summary>
public static class ReportManifest
{
    public const string FileName = "manifest.json";
    public const string Format = "qdevicelab-report-manifest";
    public const string SignatureAlgorithm = "ECDSA-P256-SHA256";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Hashes every file under <paramref name="directory"/> except the manifest itself, in ordinal path order.</summary>
    public static IReadOnlyList<ManifestEntry> Hash(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(directory, file).Replace('\\', '/'))
            .Where(relative => relative != FileName)
            .Order(StringComparer.Ordinal)
            .Select(relative =>
            {
                using var stream = File.OpenRead(System.IO.Path.Combine(directory, relative));
                return new ManifestEntry(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
            })
            .ToList();
    }

    /// <summary>The bytes a signature covers: the entries as <c>sha256sum</c> would print them.</summary>
    public static byte[] SignedPayload(IEnumerable<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(entry.Sha256).Append("  ").Append(entry.Path).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Writes <c>manifest.json</c> for the folder's current files, signed when a private key is given.</summary>
    /// <param name="signingKeyPem">An EC P-256 private key in PEM (PKCS#8 or SEC1), or null for an unsigned manifest.</param>
    public static string Write(string directory, string? signingKeyPem = null)
    {
        var entries = Hash(directory);
        ManifestSignature? signature = null;
        if (signingKeyPem is not null)
        {
            using var key = ImportKey(signingKeyPem, "signing key");
            var value = key.SignData(SignedPayload(entries), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            signature = new ManifestSignature(SignatureAlgorithm, key.ExportSubjectPublicKeyInfoPem(), Convert.ToBase64String(value));
        }

        var path = System.IO.Path.Combine(directory, FileName);
        File.WriteAllText(path, JsonSerializer.Serialize(new Document(Format, 1, "SHA-256", entries, signature), Options) + "\n", new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// Compares the folder with its manifest. With <paramref name="publicKeyPem"/> the manifest
    /// must be signed by that key; without, a signature is checked against the key it carries,
    /// which proves the listing was not altered after signing but not who signed it.
    /// </summary>
    /// <exception cref="UserInputException">There is no readable manifest, or the public key is not a P-256 key.</exception>
    public static ManifestCheck Verify(string directory, string? publicKeyPem = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new UserInputException(path, null, "no manifest: this folder was not sealed by qdlab");
        }

        Document manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, null, "malformed manifest: " + e.Message, e);
        }

        if (manifest.Format != Format || manifest.Files is null)
        {
            throw new UserInputException(path, null, $"not a QDeviceLab report manifest (expected \"format\": \"{Format}\")");
        }

        var listed = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var actual = Hash(directory).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var added = actual.Keys.Where(p => !listed.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var removed = listed.Keys.Where(p => !actual.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var changed = listed.Values.Where(f => actual.TryGetValue(f.Path, out var now) && (now.Sha256 != f.Sha256 || now.Bytes != f.Bytes))
            .Select(f => f.Path).Order(StringComparer.Ordinal).ToList();

        if (manifest.Signature is null)
        {
            return new ManifestCheck(added, removed, changed, false, publicKeyPem is null ? null : false,
                publicKeyPem is null ? null : "the manifest is not signed, but a public key was given");
        }

        bool valid;
        try
        {
            using var key = ImportKey(publicKeyPem ?? manifest.Signature.PublicKey, publicKeyPem is null ? "manifest public key" : "public key");
            valid = manifest.Signature.Algorithm == SignatureAlgorithm
                && key.VerifyData(SignedPayload(manifest.Files), Convert.FromBase64String(manifest.Signature.Value), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (FormatException)
        {
            valid = false;
        }

        return new ManifestCheck(added, removed, changed, true, valid, valid ? null : "the signature does not match the manifest and key");
    }

    private static ECDsa ImportKey(string pem, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new UserInputException(what, null, $"an ECDSA P-256 key is needed, this one has {key.KeySize} bits");
            }

            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new UserInputException(what, null, "not an EC key in PEM: " + e.Message, e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private sealed record Document(string Format, int Version, string Algorithm, IReadOnlyList<ManifestEntry> Files, ManifestSignature? Signature);
}
