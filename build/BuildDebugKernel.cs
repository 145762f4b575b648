using Vexfs.Lab;
using Vexfs.Lab.Faults;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Pipeline;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>The debug-kernel lane of the Test target: one VmIntegration on 6.1-debug and one debug-only fault.</summary>
internal sealed partial class Build
{
    [Parameter("A Linux source tree of your own (a git checkout or an unpacked tarball) to build out of tree (make O=, the tree is never written) and boot instead of the --kernel series' kernel, with that series' userspace and toolchain; 6.1 uses the kit's plain config, 6.1-debug adds the debug fragment")]
    public string KernelTree = "";

    [Parameter("A config fragment of your own (CONFIG_FOO=y lines) merged last over the --kernel-tree config; each symbol must take")]
    public string KernelConfig = "";

    /// <summary>The debug kernel CI builds (from bookworm's linux-source-6.1 on a cold cache) and tests.</summary>
    private const string CiDebugKernel = "6.1-debug";

    /// <summary>
    /// The integration tests the debug lane runs: module load/unload and reload (where leaks and refcounts show),
    /// the vector ioctls and a file spanning indirect blocks (block map and bitmap allocation). Under KASAN on two
    /// TCG vCPUs the whole suite took 354 s of tests (session 7, idle); these take about a minute.
    /// </summary>
    internal static readonly string[] DebugLaneTests = ["ModuleLifecycleTests", "ModuleRefusalTests", "VectorTests", "FileOperationTests.Large_file"];

    Target DebugKernelSmoke => _ => _
        .Description("The debug lane of Test: VmIntegration on 6.1-debug (KASAN, kmemleak, lockdep, KUnit; the kernel is built from linux-source-6.1 when not cached) with a few tests, and the catalogue's CI debug-only fault there")
        .DependsOn(PublishVexctl)
        .After(VmIntegration, FaultSmoke, FuzzSmoke)
        .Executes(async ct =>
        {
            var lab = Lab;
            var series = KernelCatalog.Default.Resolve(CiDebugKernel);
            var accel = lab.ChooseAccelerator();
            var selected = await SelectTestsAsync(lab, DebugLaneTests, ct);
            var options = lab.CreateIntegrationOptions() with { Tests = selected, BenchVectors = 0 };
            // One run, not a matrix: in Test, artifacts/reports/summary.md stays VmIntegration's.
            var report = await new VmIntegrationRunner(options, lab.Launcher(accel), accel.Name, LoggerFactory).RunAsync(series, ct);
            var summary = Vexfs.Reports.MatrixSummary.FromReports(nameof(DebugKernelSmoke), [report]);
            MatrixTable.Write(Console, summary);
            Tally.AddVmRuns([report]);

            var all = await FaultCatalog.LoadAsync(Path.Combine(RootDirectory, "tests", "faults", "catalog.json"), ct);
            var faults = all.Where(f => f is { DebugOnly: true, Ci: true }).ToList();
            var outcomes = await new FaultMatrixRunner(lab.CreateIntegrationOptions(), lab.Launcher(accel), accel.Name, LoggerFactory).RunAsync(faults, series, ct);
            FaultTable.Write(Console, outcomes);
            Tally.AddFaults(outcomes);
            if (summary.Verdict != Vexfs.Reports.Verdict.Passed || outcomes.Any(o => !o.Caught))
            {
                throw new InvalidOperationException($"the {CiDebugKernel} lane failed; reports in artifacts/reports/{CiDebugKernel}/ and artifacts/faults/");
            }
        });

    /// <summary>The series with --kernel-tree applied: each boots the developer's tree, checked before anything starts.</summary>
    internal IReadOnlyList<KernelSeries> WithKernelTree(IReadOnlyList<KernelSeries> series)
    {
        if (string.IsNullOrWhiteSpace(KernelTree))
        {
            return string.IsNullOrWhiteSpace(KernelConfig)
                ? series
                : throw new LabException("--kernel-config needs --kernel-tree: the kit's own kernels have their config in packer/kernel/", "pass --kernel-tree PATH too, or drop --kernel-config");
        }

        var tree = Vexfs.Lab.Kernel.KernelTreeSource.Inspect(KernelTree, string.IsNullOrWhiteSpace(KernelConfig) ? null : KernelConfig);
        return [.. series.Select(s => s.WithTree(tree))];
    }
}
