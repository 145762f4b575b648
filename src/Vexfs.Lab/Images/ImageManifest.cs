using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vexfs.Lab.Images;

/// <summary>manifest.json of a cache entry: what the image is, and a SHA-256 of every file in the entry.</summary>
internal sealed record ImageManifest(
    int FormatVersion,
    string Key,
    string Series,
    string Suite,
    string Mirror,
    string KernelRelease,
    IReadOnlyDictionary<string, string> KernelPackages,
    string Builder,
    string BuilderIdentity,
    string HostPublicKey,
    DateTimeOffset Created,
    TimeSpan BuildDuration,
    IReadOnlyDictionary<string, string> Files)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // A local file for people to read: keep "+" and "/" of keys and versions as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<IReadOnlyDictionary<string, string>> HashFilesAsync(string directory, IEnumerable<string> names, CancellationToken ct)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var stream = File.OpenRead(Path.Combine(directory, name));
            hashes[name] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }

        return hashes;
    }

    public async Task WriteAsync(string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, ImageLayout.Manifest);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json), ct);
    }

    /// <summary>Reads and checks a manifest; returns null with a reason when the entry cannot be trusted.</summary>
    public static async Task<(ImageManifest? Manifest, string? Problem)> ReadVerifiedAsync(string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, ImageLayout.Manifest);
        if (!File.Exists(path))
        {
            return (null, "manifest.json is missing");
        }

        ImageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ImageManifest>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (JsonException e)
        {
            return (null, $"manifest.json does not parse: {e.Message}");
        }

        if (manifest?.Files is null || manifest.FormatVersion != ImageLayout.FormatVersion)
        {
            return (null, $"manifest.json has format {manifest?.FormatVersion}, expected {ImageLayout.FormatVersion}");
        }

        var missing = ImageLayout.EntryFiles.Except(manifest.Files.Keys).ToList();
        if (missing.Count > 0)
        {
            return (null, $"manifest.json lists no checksum for {string.Join(", ", missing)}");
        }

        if (ImageVerificationStamp.Matches(directory, manifest.Files.Keys))
        {
            return (manifest, null);
        }

        foreach (var (name, expected) in manifest.Files)
        {
            var file = Path.Combine(directory, name);
            if (!File.Exists(file))
            {
                return (null, $"{name} is missing");
            }

            var actual = (await HashFilesAsync(directory, [name], ct))[name];
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                return (null, $"{name} has SHA-256 {actual}, manifest says {expected} (corrupt or truncated)");
            }
        }

        ImageVerificationStamp.Write(directory, manifest.Files.Keys);
        return (manifest, null);
    }
}
