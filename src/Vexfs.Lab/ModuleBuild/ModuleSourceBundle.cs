using System.Formats.Tar;

namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// Packs the module sources (not build products a host build may have left) into one tar,
/// so the upload is a single transfer instead of one per file.
/// </summary>
public static class ModuleSourceBundle
{
    private static readonly string[] SourcePatterns = ["Kbuild", "Makefile", "*.c", "*.h"];

    public static IReadOnlyList<string> ListSources(string sourceDirectory)
    {
        if (!File.Exists(Path.Combine(sourceDirectory, "Kbuild")) && !File.Exists(Path.Combine(sourceDirectory, "Makefile")))
        {
            throw new LabException(
                $"no kernel module sources in {sourceDirectory} (no Kbuild or Makefile)",
                "run from a checkout of the VexFS repository; the module lives in vexfs-kernel/");
        }

        return SourcePatterns
            .SelectMany(p => Directory.EnumerateFiles(sourceDirectory, p, SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(sourceDirectory, f))
            .Where(IsSource)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Whether a path relative to the module directory is a source: Kbuild, Makefile, *.c, *.h, not Kbuild's
    /// generated *.mod.c and nothing under a dot directory or named with a dot (build records, editor state).
    /// </summary>
    public static bool IsSource(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        return !relativePath.Split('/', Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'))
            && !name.EndsWith(".mod.c", StringComparison.Ordinal)
            && (name is "Kbuild" or "Makefile" || name.EndsWith(".c", StringComparison.Ordinal) || name.EndsWith(".h", StringComparison.Ordinal));
    }

    public static async Task CreateAsync(string sourceDirectory, string tarPath, CancellationToken ct)
    {
        var temp = tarPath + ".partial";
        await using (var stream = File.Create(temp))
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var relative in ListSources(sourceDirectory))
            {
                await writer.WriteEntryAsync(Path.Combine(sourceDirectory, relative), relative.Replace('\\', '/'), ct);
            }
        }

        File.Move(temp, tarPath, overwrite: true);
    }
}
