namespace Vexctl.Tests.Support;

/// <summary>Paths in the repository the tests read (its root from the one shared locator).</summary>
internal static class RepoPaths
{
    public static string Root => RepoRoot.Find();

    public static string UapiHeader => Path.Combine(Root, "vexfs-kernel", "include", "uapi", "vexfs.h");
}
