using System.Text.Json;

namespace Vexfs.Lab.Images;

/// <summary>
/// Sizes and modification times of an entry's files when their SHA-256 last matched the manifest. Hashing the
/// root disk costs seconds on every run (6–9 s measured under load), longer than a restored guest takes to
/// be ready; entry files are never written after publish, so unchanged size and mtime mean unchanged
/// content, and any write, truncation or replacement changes them and brings the full hash back.
/// </summary>
internal static class ImageVerificationStamp
{
    public const string FileName = "verified.json";

    public static bool Matches(string directory, IEnumerable<string> names)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            var stamp = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
            return stamp is not null && names.All(n => stamp.TryGetValue(n, out var seen) && seen == Describe(Path.Combine(directory, n)));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return false;
        }
    }

    /// <summary>Records the files as verified; written beside the entry files by rename, so a reader never sees half a stamp.</summary>
    public static void Write(string directory, IEnumerable<string> names)
    {
        var stamp = names.ToDictionary(n => n, n => Describe(Path.Combine(directory, n)));
        var temp = Path.Combine(directory, $".{FileName}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(stamp));
            File.Move(temp, Path.Combine(directory, FileName), overwrite: true);
        }
        catch (IOException)
        {
            // A read-only or full cache only costs the next run a full hash.
            File.Delete(temp);
        }
        catch (UnauthorizedAccessException)
        {
            File.Delete(temp);
        }
    }

    private static string Describe(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "missing";
    }
}
