using Vexfs.Lab.Images;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;

namespace Vexfs.Lab;

/// <summary>
/// What the build and the integration tests' own guest must agree on: the default VM settings and module
/// install, where the vexctl binary is published and the command that publishes it. The build's parameters
/// (typed with the lab's own enums) default to these values; the test fixture and the lab's records use them
/// when a guest is booted without the build.
/// </summary>
public static class KitDefaults
{
    public const string KernelSeries = "6.1";

    /// <summary>
    /// A restore's time grows with the guest's RAM, not with what the state holds (QEMU 7.2 checks every zero
    /// page of the shared memfd): measured 1.7 s at 2048 MiB, 0.85 s at 1024, 0.48 s at 512. 1 GiB keeps room
    /// for the second lane's 256 MiB loop file in /dev/shm.
    /// </summary>
    public const int VmMemoryMiB = 1024;

    public const int VmCpus = 2;

    public const int BootTimeoutSeconds = 120;

    public const AcceleratorKind Accel = AcceleratorKind.Auto;

    public const ImageBuilderKind ImageBuilder = ImageBuilderKind.Mmdebstrap;

    /// <summary>On the host at native speed, in a chroot of the image's build root (needs root).</summary>
    public const ModuleBuildMode ModuleBuild = ModuleBuildMode.Host;

    /// <summary>
    /// A tar on the guest's transfer disk: measured against the share in 5 paired warm 6.1 runs, the upload phase
    /// took 0.36 s against 0.84 s (medians; no virtiofsd, hot-plug or mount), and it needs no root.
    /// </summary>
    public const SourceDelivery Delivery = SourceDelivery.Disk;

    public const BootMode Boot = BootMode.Restore;

    /// <summary>The image cache, as written in parameters (a leading ~ is the home directory).</summary>
    public const string CacheDirectory = "~/.cache/vexfs";

    /// <summary>The folder under the artifacts directory that holds the published vexctl.</summary>
    public const string VexctlFolder = "vexctl";

    /// <summary><paramref name="path"/> made absolute, with a leading ~ replaced by the home directory.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : Path.GetFullPath(path);

    /// <summary>The lab's settings with every default: mmdebstrap images, auto acceleration, a restored boot.</summary>
    public static LabOptions LabOptions(string repoRoot, string? cacheDirectory = null) => new(
        ExpandHome(cacheDirectory ?? CacheDirectory),
        null,
        ImageBuilder,
        VmMemoryMiB,
        VmCpus,
        Accel,
        TimeSpan.FromSeconds(BootTimeoutSeconds),
        repoRoot);

    /// <summary>The module install with every default, of the checkout's vexfs-kernel/.</summary>
    public static Pipeline.ModuleInstallSettings ModuleInstall(string repoRoot, string vexctlBinary) =>
        new(Path.Combine(repoRoot, "vexfs-kernel"), vexctlBinary);

    public static string VexctlProject(string repoRoot) => Path.Combine(repoRoot, "vexctl", "vexctl.csproj");

    public static string VexctlOutput(string artifactsDirectory) => Path.Combine(artifactsDirectory, VexctlFolder);

    public static string VexctlBinary(string artifactsDirectory) => Path.Combine(VexctlOutput(artifactsDirectory), "vexctl");

    /// <summary>`dotnet` arguments that publish vexctl as a NativeAOT linux-x64 binary (it runs in the bare guest).</summary>
    public static IReadOnlyList<string> PublishVexctlArguments(string repoRoot, string artifactsDirectory) =>
        ["publish", VexctlProject(repoRoot), "-c", "Release", "-r", "linux-x64", "-o", VexctlOutput(artifactsDirectory), "--nologo", "-v:minimal", "-nodeReuse:false"];
}
