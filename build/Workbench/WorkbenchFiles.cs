using Vexfs.Lab.Kernel;
using Vexfs.Targets.Workbench;

namespace VexfsBuild.Workbench;

/// <summary>
/// The committed files made from the build model: the IDE files and the CI workflow. The generator targets
/// write them; the staleness tests compare them with the repository.
/// </summary>
internal static class WorkbenchFiles
{
    public const string BuildProject = "build/_build.csproj";

    public static readonly DebugProgram Vexctl = new("vexctl", "vexctl/vexctl.csproj", "vexctl/bin/Debug/net10.0/vexctl.dll", ["--help"]);

    /// <summary>The default kernel of every profile: the catalog's first series, not the user's parameters.json.</summary>
    public static string DefaultKernel => KernelCatalog.Default.All[0].Name;

    public static string AllKernels => string.Join(',', KernelCatalog.Default.Stock.Select(s => s.Name));

    public const string GdbEntryName = "Attach gdb to VmShell --gdb";

    /// <summary><c>--profile all-kernels</c>: every series of the catalog, for VmIntegration, FaultMatrix, Benchmark.</summary>
    public static GeneratedFile AllKernelsProfile => new(
        ".nuke/parameters.all-kernels.json",
        GeneratedJson.Format(new System.Text.Json.Nodes.JsonObject
        {
            ["$schema"] = "./build.schema.json",
            ["Kernel"] = GeneratedJson.Strings(KernelCatalog.Default.Stock.Select(s => s.Name)),
        }));

    public static IdeSettings IdeSettings(IEnumerable<string> kernelTargets, string vmIntegration, string defaultTarget) => new(
        BuildProject,
        "build/bin/Debug/net10.0/_build.dll",
        "./build.sh",
        kernelTargets.ToDictionary(t => t, IReadOnlyList<string> (_) => ["--kernel", DefaultKernel], StringComparer.Ordinal),
        [
            new RunProfile($"{vmIntegration} (all kernels)", [vmIntegration, "--kernel", AllKernels]),

            // --test's parameter: edit the pattern in the IDE's run configuration.
            new RunProfile($"{vmIntegration} (one test)", [vmIntegration, "--kernel", DefaultKernel, "--test", "SearchTests.K_out_of_range"]),
        ],
        [Vexctl])
    {
        DefaultTarget = defaultTarget,
        GdbEntries = [new GdbScriptEntry(GdbEntryName, GdbAttachFiles.Script, GdbAttachFiles.Symbols)],

        // Where the module is compiled: the host build's chroot and the guest build's copy (--module-build).
        SourceMaps = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Vexfs.Lab.ModuleBuild.HostModuleBuilder.ChrootBuildDirectory] = "vexfs-kernel",
            [Vexfs.Lab.Pipeline.GuestPaths.ModuleSources] = "vexfs-kernel",
        },
    };
}
