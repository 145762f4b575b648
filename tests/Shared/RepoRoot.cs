namespace Vexfs.Tests;

/// <summary>
/// Finds the repository root (the directory holding VexFS.slnx) above the test binaries. The one locator:
/// every test project links this file (tests/Shared) rather than walking up with a loop of its own.
/// </summary>
internal static class RepoRoot
{
    /// <summary>$VEXFS_REPO_ROOT when set (test binaries built elsewhere with -o), else the first directory up with VexFS.slnx.</summary>
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("VEXFS_REPO_ROOT") is { Length: > 0 } explicitRoot)
        {
            return explicitRoot;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VexFS.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no VexFS.slnx above {AppContext.BaseDirectory}");
    }
}
