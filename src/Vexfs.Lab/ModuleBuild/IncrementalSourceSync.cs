

namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// Mirrors the module sources into a persistent Kbuild tree, copying only files whose content changed, so
/// make recompiles only what an edit touched. Unchanged files keep their mtimes; a changed file gets the
/// current time: make only rebuilds what is newer than its object, and the tree is shared by every checkout
/// that builds for the image, so an object may be newer than this checkout's edit (another one built last).
/// </summary>
public static class IncrementalSourceSync
{
    /// <summary>Returns the relative paths copied or removed.</summary>
    public static async Task<IReadOnlyList<string>> SyncAsync(string sourceDirectory, string buildDirectory, CancellationToken ct)
    {
        var sources = ModuleSourceBundle.ListSources(sourceDirectory);
        Directory.CreateDirectory(buildDirectory);
        var changed = new List<string>();
        foreach (var relative in sources)
        {
            var from = Path.Combine(sourceDirectory, relative);
            var to = Path.Combine(buildDirectory, relative);
            if (File.Exists(to) && await SameContentAsync(from, to, ct))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to, overwrite: true);
            File.SetLastWriteTimeUtc(to, DateTime.UtcNow);
            changed.Add(relative);
        }

        var wanted = sources.ToHashSet(StringComparer.Ordinal);
        var hasKbuild = File.Exists(Path.Combine(buildDirectory, "Kbuild")) || File.Exists(Path.Combine(buildDirectory, "Makefile"));
        foreach (var gone in (hasKbuild ? ModuleSourceBundle.ListSources(buildDirectory) : []).Where(f => !wanted.Contains(f)))
        {
            File.Delete(Path.Combine(buildDirectory, gone));
            changed.Add(gone);
        }

        return changed;
    }

    private static async Task<bool> SameContentAsync(string a, string b, CancellationToken ct)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length)
        {
            return false;
        }

        var left = await File.ReadAllBytesAsync(a, ct);
        var right = await File.ReadAllBytesAsync(b, ct);
        return left.AsSpan().SequenceEqual(right);
    }
}
