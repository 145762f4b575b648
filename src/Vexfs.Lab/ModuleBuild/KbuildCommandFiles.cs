namespace Vexfs.Lab.ModuleBuild;

/// <summary>Reads the exact compiler lines Kbuild saved in its .&lt;object&gt;.o.cmd files (for compile_commands.json).</summary>
public static class KbuildCommandFiles
{
    /// <summary>Per object compiled from a .c file of the module: the compile command (without the objtool step that may follow).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadCompileLinesAsync(string buildDirectory, string chrootBuildDirectory, CancellationToken ct)
    {
        var lines = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(buildDirectory, ".*.o.cmd", SearchOption.AllDirectories))
        {
            if (ParseCompileLine(await File.ReadAllTextAsync(file, ct), chrootBuildDirectory) is { } parsed)
            {
                lines[parsed.Object] = parsed.Command;
            }
        }

        return lines;
    }

    /// <summary>The object and gcc command of one .o.cmd file, or null for a link step or a generated file (vexfs.mod.o).</summary>
    internal static (string Object, string Command)? ParseCompileLine(string cmdFile, string chrootBuildDirectory)
    {
        // Kbuild names the variable cmd_<object> up to 6.1 and savedcmd_<object> from 6.2 on.
        var first = cmdFile.Split('\n')[0];
        var prefix = first.StartsWith("savedcmd_", StringComparison.Ordinal) ? "savedcmd_" : "cmd_";
        var assign = first.IndexOf(" := ", StringComparison.Ordinal);
        if (!first.StartsWith(prefix, StringComparison.Ordinal) || assign < 0)
        {
            return null;
        }

        var obj = first[prefix.Length..assign];
        var command = first[(assign + 4)..];
        var step = command.IndexOf(" ; ", StringComparison.Ordinal);
        command = (step < 0 ? command : command[..step]).Trim();
        var source = Path.ChangeExtension(obj, ".c");
        var isModuleSource = obj.StartsWith(chrootBuildDirectory + "/", StringComparison.Ordinal) && !obj.EndsWith(".mod.o", StringComparison.Ordinal);
        return isModuleSource && command.Contains(" -c ", StringComparison.Ordinal) && command.EndsWith(source, StringComparison.Ordinal)
            ? (obj, command)
            : null;
    }
}
