namespace Vexfs.Lab;

/// <summary>
/// What the build and the integration tests' own guest must agree on: the default VM settings, where the
/// vexctl binary is published and the command that publishes it. The build's parameters default to these
/// values; the test fixture uses them when it boots a guest without the build.
/// </summary>
public static class KitDefaults
{
    public const string KernelSeries = "6.1";

    public const int VmMemoryMiB = 2048;

    public const int VmCpus = 2;

    public const int BootTimeoutSeconds = 120;

    /// <summary>The image cache, as written in parameters (a leading ~ is the home directory).</summary>
    public const string CacheDirectory = "~/.cache/vexfs";

    /// <summary>The folder under the artifacts directory that holds the published vexctl.</summary>
    public const string VexctlFolder = "vexctl";

    /// <summary><paramref name="path"/> made absolute, with a leading ~ replaced by the home directory.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : Path.GetFullPath(path);

    /// <summary>The lab's settings with every default: mmdebstrap images, auto acceleration.</summary>
    public static LabOptions LabOptions(string repoRoot, string? cacheDirectory = null) => new(
        ExpandHome(cacheDirectory ?? CacheDirectory),
        null,
        ImageBuilderKind.Mmdebstrap,
        VmMemoryMiB,
        VmCpus,
        AcceleratorKind.Auto,
        TimeSpan.FromSeconds(BootTimeoutSeconds),
        repoRoot);

    public static string VexctlProject(string repoRoot) => Path.Combine(repoRoot, "vexctl", "vexctl.csproj");

    public static string VexctlOutput(string artifactsDirectory) => Path.Combine(artifactsDirectory, VexctlFolder);

    public static string VexctlBinary(string artifactsDirectory) => Path.Combine(VexctlOutput(artifactsDirectory), "vexctl");

    /// <summary>`dotnet` arguments that publish vexctl as a NativeAOT linux-x64 binary (it runs in the bare guest).</summary>
    public static IReadOnlyList<string> PublishVexctlArguments(string repoRoot, string artifactsDirectory) =>
        ["publish", VexctlProject(repoRoot), "-c", "Release", "-r", "linux-x64", "-o", VexctlOutput(artifactsDirectory), "--nologo", "-v:minimal", "-nodeReuse:false"];
}
