using System.Security.Cryptography;
using System.Text.Json;

namespace Vexfs.Lab.Machine;

/// <summary>
/// saved.json beside a saved booted state: what machine shape it belongs to and, for each file, its size
/// and a sampled SHA-256 (head, tail and evenly spaced blocks). A full hash of a few hundred MiB would
/// cost more than the restore it guards; a truncated or overwritten file changes size or a sample, and
/// damage between samples makes QEMU's own stream checks fail the load, which falls back to a cold boot.
/// </summary>
internal sealed record SavedStateManifest(
    int FormatVersion,
    string Shape,
    string ShapeDescription,
    string KernelRelease,
    DateTimeOffset Saved,
    IReadOnlyDictionary<string, SavedFileCheck> Files)
{
    // 2: the RAM in ram.bin, the stream without it (format 1 had the RAM in the stream).
    public const int CurrentFormat = 2;
    public const string FileName = "saved.json";
    private const int BlockBytes = 64 << 10;
    private const int Samples = 64;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<SavedFileCheck> CheckAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BlockBytes, FileOptions.RandomAccess);
        var length = stream.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BlockBytes];
        foreach (var offset in SampleOffsets(length))
        {
            stream.Position = offset;
            var read = await stream.ReadAtLeastAsync(buffer, (int)Math.Min(BlockBytes, length - offset), throwOnEndOfStream: false, ct);
            hash.AppendData(buffer, 0, read);
        }

        return new SavedFileCheck(length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public async Task WriteAsync(string directory, CancellationToken ct) =>
        await File.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json), ct);

    /// <summary>Reads and checks a saved state's manifest and files; null with a reason when it cannot be trusted.</summary>
    public static async Task<(SavedStateManifest? Manifest, string? Problem)> ReadVerifiedAsync(string directory, string shape, CancellationToken ct)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return (null, $"{FileName} is missing");
        }

        SavedStateManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SavedStateManifest>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (JsonException e)
        {
            return (null, $"{FileName} does not parse: {e.Message}");
        }

        if (manifest?.Files is null || manifest.FormatVersion != CurrentFormat || manifest.Shape != shape)
        {
            return (null, $"{FileName} is of another format or machine shape");
        }

        foreach (var name in SavedState.Files)
        {
            var file = Path.Combine(directory, name);
            if (!manifest.Files.TryGetValue(name, out var expected) || !File.Exists(file))
            {
                return (null, $"{name} is missing");
            }

            var actual = await CheckAsync(file, ct);
            if (actual.Length != expected.Length)
            {
                return (null, $"{name} has {actual.Length} bytes, {expected.Length} were saved (truncated or replaced)");
            }

            if (!string.Equals(actual.SampledSha256, expected.SampledSha256, StringComparison.Ordinal))
            {
                return (null, $"{name} does not match the checksum taken when it was saved (corrupt)");
            }
        }

        return (manifest, null);
    }

    private static IEnumerable<long> SampleOffsets(long length)
    {
        if (length <= (long)BlockBytes * Samples)
        {
            for (long offset = 0; offset < length; offset += BlockBytes)
            {
                yield return offset;
            }

            yield break;
        }

        var step = (length - BlockBytes) / (Samples - 1);
        for (var i = 0; i < Samples; i++)
        {
            yield return i == Samples - 1 ? length - BlockBytes : i * step;
        }
    }
}

/// <summary>A saved file's size and sampled SHA-256.</summary>
internal sealed record SavedFileCheck(long Length, string SampledSha256);
