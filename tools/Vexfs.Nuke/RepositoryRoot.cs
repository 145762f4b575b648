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

    /// <summary>The bootstrap script of the root for this system: build.cmd on Windows, build.sh elsewhere.</summary>
    public static string Bootstrap(string root) =>
        Path.Combine(root, OperatingSystem.IsWindows() ? "build.cmd" : "build.sh");
}
