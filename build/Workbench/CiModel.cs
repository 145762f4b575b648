using Vexfs.Lab.Kernel;

namespace VexfsBuild.Workbench;

/// <summary>
/// What every generated CI definition runs, in CI-neutral terms, so GitHub's workflow and GitLab's pipeline
/// cannot drift apart: a host job, then one VM job per kernel series of the catalog and one debug-kernel job. Together the jobs run
/// the gate of <c>.ci/run</c> (<c>Setup Test</c>): the host job HostCheck, the VM and debug jobs the rest of Test's
/// targets, with <c>--continue</c> so a failed VmIntegration still leaves the lab tests and fault smoke results.
/// </summary>
internal sealed record CiModel(string Setup, string HostCheck, string ImageKey, IReadOnlyList<string> VmTargets, IReadOnlyList<KernelSeries> Kernels)
{
    /// <summary>The container both jobs run in: Debian 12, the kit's host system.</summary>
    public const string Container = "debian:bookworm";

    /// <summary>The one variable each VM job gets; it binds --kernel by NUKE's environment rule as well.</summary>
    public const string KernelVariable = "KERNEL";

    public string HostCommand => $"./build.sh {Setup} {HostCheck}";

    public string VmSetupCommand => $"./build.sh {Setup}";

    public string ImageKeyCommand(string kernel) => $"./build.sh {ImageKey} --kernel \"{kernel}\"";

    public string VmCommand(string kernel) => $"./build.sh {string.Join(' ', VmTargets)} --kernel \"{kernel}\" --continue";

    /// <summary>The targets of the one debug-kernel job (its kernel is the target's own, not a matrix entry).</summary>
    public IReadOnlyList<string> DebugTargets { get; init; } = [];

    public string DebugCommand => $"./build.sh {string.Join(' ', DebugTargets)}";

    /// <summary>
    /// The debug job caches the whole kit cache (the base image, the built kernel and their derived entry with its
    /// saved state), keyed by what the kernel is built from; every entry is verified on use, so a stale one is
    /// rebuilt, never trusted.
    /// </summary>
    public static readonly string[] DebugCacheKeyFiles = ["packer/**", "src/Vexfs.Lab/Kernel/**", "src/Vexfs.Lab/KernelBuild/**"];

    /// <summary>Files the NuGet cache depends on: every project and the central package versions.</summary>
    public static readonly string[] NuGetKeyFiles = ["**/*.csproj", "Directory.Packages.props", "global.json"];

    /// <summary>Where the VM job's reports are: per-kernel JUnit files and the matrix summary.</summary>
    public const string JUnitGlob = "artifacts/reports/*/junit.xml";

    public const string SummaryFile = "artifacts/reports/summary.md";

    public const string HostResults = "artifacts/test-results/";

    // The container is bare Debian: what checkout and the SDK need before ./build.sh can run Setup.
    public const string BasePackages = "ca-certificates curl git libicu72";
}
