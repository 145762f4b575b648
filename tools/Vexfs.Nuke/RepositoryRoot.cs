namespace Vexfs.Nuke;

/// <summary>The NUKE rule for the repository root: the nearest folder upwards that holds <c>.nuke/</c>.</summary>
internal static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The bootstrap script of the root for this system, as NUKE's tool picks it: build.ps1 on Windows, build.sh elsewhere.</summary>
    public static string Bootstrap(string root) =>
        Path.Combine(root, OperatingSystem.IsWindows() ? "build.ps1" : "build.sh");

    /// <summary>The program and leading arguments that run a bootstrap script (PowerShell for build.ps1).</summary>
    public static (string Program, string[] Arguments) Runner(string bootstrap) =>
        bootstrap.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)
            ? ("powershell", ["-NoProfile", "-ExecutionPolicy", "ByPass", "-File", bootstrap])
            : (bootstrap, []);
}
