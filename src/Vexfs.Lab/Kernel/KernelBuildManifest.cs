using System.Security.Cryptography;
using System.Text.Json;

namespace Vexfs.Lab.Kernel;

/// <summary>manifest.json of a built kernel's cache entry: what went in, what came out, and the checksum of the kernel.</summary>
public sealed record KernelBuildManifest(
    int FormatVersion,
    string Key,
    string Suite,
    string Flavour,
    string SourcePackage,
    string SourceVersion,
    string Compiler,
    string CompilerVersion,
    string ConfigHash,
    string KernelRelease,
    DateTimeOffset Created,
    TimeSpan BuildDuration,
    string KernelSha256)
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";
    public const string KernelFile = "bzImage";
    public const string ConfigFile = "config";

    /// <summary>What <see cref="SourcePackage"/> starts with for a kernel built from a developer's tree.</summary>
    public const string TreeSourcePrefix = "kernel tree ";

    /// <summary>Built from a developer's tree (--kernel-tree), not a Debian source package.</summary>
    public bool FromTree => SourcePackage.StartsWith(TreeSourcePrefix, StringComparison.Ordinal);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public Task WriteAsync(string directory, CancellationToken ct) =>
        File.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json), ct);

    /// <summary>The entry's manifest when it parses, has this format and the kernel's checksum matches; else a reason.</summary>
    public static async Task<(KernelBuildManifest? Manifest, string? Problem)> ReadVerifiedAsync(string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return (null, "manifest.json is missing");
        }

        KernelBuildManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<KernelBuildManifest>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (JsonException e)
        {
            return (null, $"manifest.json does not parse: {e.Message}");
        }

        if (manifest is null || manifest.FormatVersion != CurrentFormat)
        {
            return (null, $"manifest.json has format {manifest?.FormatVersion}, expected {CurrentFormat}");
        }

        var kernel = Path.Combine(directory, KernelFile);
        if (!File.Exists(kernel) || await Sha256Async(kernel, ct) != manifest.KernelSha256)
        {
            return (null, $"{KernelFile} is missing or does not match its checksum");
        }

        return (manifest, null);
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
