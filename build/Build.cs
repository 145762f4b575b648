using Microsoft.Extensions.Logging;
using Vexfs.Lab;
using Vexfs.Lab.Images;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>
/// The VexFS build: parameters and target declarations only (the logic is in the helpers it calls).
/// VM targets live in BuildVm.cs, another part of this class.
/// </summary>
internal sealed partial class Build : TargetBuild
{
    public static Task<int> Main(string[] args) => Execute<Build>(args, x => x.HostCheck);

    [Parameter("Kernel series to test: 6.1 (bookworm), 6.12 (trixie), latest (sid); several run in turn")]
    public string[] Kernel = [KitDefaults.KernelSeries];

    [Parameter("Guest memory in MiB", Minimum = 256, Maximum = 65536)]
    public int VmMemory = KitDefaults.VmMemoryMiB;

    [Parameter("Guest virtual CPUs", Minimum = 1, Maximum = 64)]
    public int VmCpus = KitDefaults.VmCpus;

    [Parameter("QEMU acceleration: auto uses KVM only where it really works, otherwise TCG")]
    public AcceleratorKind Accel = KitDefaults.Accel;

    [Parameter("Guest image builder")]
    public ImageBuilderKind ImageBuilder = KitDefaults.ImageBuilder;

    [Parameter("Cache for guest images (~ is the home directory)")]
    public string CacheDir = KitDefaults.CacheDirectory;

    [Parameter("Debian mirror URL; empty uses the mirror the host's apt sources name")]
    public string Mirror = "";

    [Parameter("Leave the VM running after the run, for inspection")]
    public bool KeepVm;

    [Parameter("Seconds to wait for the guest to answer over SSH", Minimum = 1, Maximum = 3600)]
    public int BootTimeout = KitDefaults.BootTimeoutSeconds;

    [Parameter("Fault to inject into the VM run, to exercise the failure paths")]
    public string InjectFault = "";

    [Parameter("Where the module is built: on the host in a chroot of the image's build root (the guest's gcc and headers, needs root), or in the guest")]
    public ModuleBuildMode ModuleBuild = KitDefaults.ModuleBuild;

    [Parameter("How the module and vexctl reach the guest: a tar on the guest's transfer disk (disk, the default), vexfs-kernel/ shared read-only over virtiofs (share: hot-plugged; VmShell edits show in the guest at once), or a copy over SSH (sftp)")]
    public SourceDelivery SourceDelivery = KitDefaults.Delivery;

    [Parameter("How the guest starts: restore the image's saved booted state (cold boot if there is none yet), or boot cold")]
    public BootMode Boot = KitDefaults.Boot;

    /// <summary><see cref="CacheDir"/> with a leading ~ expanded.</summary>
    public string CacheDirectory => KitDefaults.ExpandHome(CacheDir);

    /// <summary>The test counts of this invocation, printed as the closing line.</summary>
    public override string? ClosingLine => Tally.Any ? Tally.ToString() : null;

    private TestTally Tally { get; } = new();

    private string Solution => Path.Combine(RootDirectory, "VexFS.slnx");

    private DotNetCli DotNet => new(Tools, RootDirectory);

    private ToolRunner Tools => new(LoggerFactory.CreateLogger<ToolRunner>());

    Target Restore => _ => _
        .Description("Restore the NuGet packages of the solution")
        .Inputs(BuildInputs.Restore)
        .Executes(ct => DotNet.RestoreAsync(Solution, ct));

    Target Compile => _ => _
        .Description("Build the solution (analyzers and warnings are errors)")
        .DependsOn(Restore)
        .Inputs(BuildInputs.CSharp)
        .Executes(ct => DotNet.BuildAsync(Solution, ct));

    Target Analyze => _ => _
        .Description("dotnet format --verify-no-changes; clang-format and cppcheck on vexfs-kernel/")
        .DependsOn(Restore)
        .After(Compile)
        .Inputs([.. BuildInputs.CSharp, .. BuildInputs.Kernel])
        .Executes(async ct =>
        {
            await DotNet.VerifyFormatAsync(Solution, ct);
            await new KernelChecks(Tools, RootDirectory, Logger).RunAsync(ct);
        });

    Target UnitTests => _ => _
        .Description("Run every host test project (not the VM integration suite); TRX in artifacts/test-results")
        .DependsOn(Compile)
        .Inputs([.. BuildInputs.CSharp, .. BuildInputs.Kernel])
        .Executes(ct => new HostTests(DotNet, RootDirectory, ArtifactsDirectory, Logger).RunAsync(Tally, ct));

    Target HostCheck => _ => _
        .Description("The fast host loop: Compile, Analyze, UnitTests (default)")
        .DependsOn(Compile, Analyze, UnitTests);

    Target Clean => _ => _
        .Description("Delete artifacts/ and the bin/ and obj/ folders (build/ is kept: it is running)")
        .Before(Restore)
        .Executes(() => HostPaths.Clean(RootDirectory, Logger));
}
