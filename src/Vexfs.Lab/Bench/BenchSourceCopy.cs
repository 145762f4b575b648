namespace Vexfs.Lab.Bench;

/// <summary>
/// A private copy of vexfs-kernel/ for the benchmark's edit → verdict measurement, so the developer's
/// tree is never touched. The edit is one comment line in main.c: it changes the file (and its mtime) and
/// so forces the same recompile and relink a real one-line change would.
/// </summary>
internal sealed class BenchSourceCopy(string original, string copy)
{
    private const string EditedFile = "main.c";
    private const string Marker = "/* vexfs benchmark edit ";

    public string Directory => copy;

    /// <summary>Makes the copy equal to the original (contents and modification times).</summary>
    public void Refresh()
    {
        if (System.IO.Directory.Exists(copy))
        {
            System.IO.Directory.Delete(copy, recursive: true);
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(original, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(original, file);
            // Dot files are Kbuild's .cmd/.d records and editor state: the build makes its own.
            if (Path.GetFileName(relative).StartsWith('.') || IsBuildOutput(relative))
            {
                continue;
            }

            var target = Path.Combine(copy, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }

        if (!File.Exists(Path.Combine(copy, EditedFile)))
        {
            throw new LabException($"{Path.Combine(original, EditedFile)} not found", "run the benchmark from a checkout that has vexfs-kernel/");
        }
    }

    /// <summary>Changes one line of the copy's main.c (appends the marker line, or bumps its counter); returns the file.</summary>
    public string EditOneLine()
    {
        var path = Path.Combine(copy, EditedFile);
        var lines = File.ReadAllLines(path).ToList();
        var index = lines.FindIndex(l => l.StartsWith(Marker, StringComparison.Ordinal));
        var next = index < 0 ? 1 : int.Parse(lines[index][Marker.Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
        var line = $"{Marker}{next} */";
        if (index < 0)
        {
            lines.Add(line);
        }
        else
        {
            lines[index] = line;
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private static bool IsBuildOutput(string relative) =>
        Path.GetExtension(relative) is ".o" or ".ko" or ".mod" or ".cmd" or ".symvers" or ".order" || relative.EndsWith(".mod.c", StringComparison.Ordinal);
}
