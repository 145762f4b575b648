namespace Vexfs.Targets;

/// <summary>Finds the repository root the NUKE way: the nearest directory upwards that holds <c>.nuke/</c>.</summary>
internal static class RootDirectoryLocator
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new UsageException("No .nuke/ directory found above the current directory; run the build from inside the repository.");
    }
}
