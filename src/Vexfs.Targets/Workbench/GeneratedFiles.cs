using System.Text;

namespace Vexfs.Targets.Workbench;

/// <summary>Writes generated files under the repository root and tells which committed ones are stale.</summary>
public static class GeneratedFiles
{
    /// <summary>Rewrites every file whose text differs; returns the relative paths it changed.</summary>
    public static IReadOnlyList<string> Write(string rootDirectory, IEnumerable<GeneratedFile> files)
    {
        var changed = new List<string>();
        foreach (var file in Stale(rootDirectory, files))
        {
            var path = Path.Combine(rootDirectory, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content, new UTF8Encoding(false));
            changed.Add(file.RelativePath);
        }

        return changed;
    }

    /// <summary>The files that are missing on disk or whose text differs from what the model gives.</summary>
    public static IReadOnlyList<GeneratedFile> Stale(string rootDirectory, IEnumerable<GeneratedFile> files) =>
        [.. files.Where(f =>
        {
            var path = Path.Combine(rootDirectory, f.RelativePath);
            return !File.Exists(path) || File.ReadAllText(path) != f.Content;
        })];

    /// <summary>Files in <paramref name="directory"/> matching <paramref name="pattern"/> that the model no longer makes.</summary>
    public static IReadOnlyList<string> Orphans(string rootDirectory, string directory, string pattern, IEnumerable<GeneratedFile> files)
    {
        var full = Path.Combine(rootDirectory, directory);
        if (!Directory.Exists(full))
        {
            return [];
        }

        var made = files.Select(f => Path.GetFullPath(Path.Combine(rootDirectory, f.RelativePath))).ToHashSet(StringComparer.Ordinal);
        return [.. Directory.GetFiles(full, pattern)
            .Where(p => !made.Contains(Path.GetFullPath(p)))
            .Select(p => Path.GetRelativePath(rootDirectory, p))
            .Order(StringComparer.Ordinal)];
    }
}
