namespace Vexfs.Lab.Host;

/// <summary>Finds the host tools the lab runs, with an install hint when one is missing.</summary>
public sealed class ToolLocator
{
    private readonly string[] _searchPath;

    public ToolLocator()
        : this(Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
    {
    }

    /// <param name="searchPath">A PATH-style list of directories.</param>
    public ToolLocator(string searchPath)
    {
        // sbin holds mkfs.ext4 but is not on every user's PATH.
        _searchPath = [.. searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/sbin"];
    }

    /// <summary>The full path of <paramref name="tool"/>, or a LabException saying which Debian package brings it.</summary>
    public string Require(string tool, string debianPackage) =>
        Find(tool) ?? throw new LabException(
            $"'{tool}' (Debian package {debianPackage}) was not found on PATH; the VM lab needs it",
            InstallHint([debianPackage]));

    /// <summary>Fails once, naming every missing tool and its package, before a run starts anything.</summary>
    public void RequireAll(IEnumerable<(string Tool, string DebianPackage)> needed)
    {
        var missing = needed.Where(n => Find(n.Tool) is null).ToList();
        if (missing.Count > 0)
        {
            throw new LabException(
                $"the VM lab needs tools that are not on PATH: {string.Join(", ", missing.Select(m => $"{m.Tool} (Debian package {m.DebianPackage})"))}",
                InstallHint(missing.Select(m => m.DebianPackage)));
        }
    }

    public string? Find(string tool)
    {
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(tool) ? Path.GetFullPath(tool) : null;
        }

        return _searchPath.Select(dir => Path.Combine(dir, tool)).FirstOrDefault(IsExecutable);
    }

    private static string InstallHint(IEnumerable<string> packages) =>
        $"run ./build.sh Setup (as root; it installs every package the kit needs), or apt-get install {string.Join(' ', packages.Distinct(StringComparer.Ordinal))}";

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
