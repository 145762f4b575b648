namespace Vexctl.Tests.Support;

/// <summary>Locates the repository (the folder holding VexFS.slnx) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
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

    public static string UapiHeader => Path.Combine(Root, "vexfs-kernel", "include", "uapi", "vexfs.h");
}
