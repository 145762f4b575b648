using Microsoft.Extensions.Logging;
using Vexfs.Lab;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Setup;

namespace VexfsBuild;

/// <summary>Turns the build's parameters into the VM lab's objects; the VM targets share it.</summary>
internal sealed class VmLab
{
    private readonly Build build;

    public VmLab(Build build)
    {
        this.build = build;
        Options = new LabOptions(
            build.CacheDirectory,
            string.IsNullOrWhiteSpace(build.Mirror) ? null : build.Mirror,
            build.ImageBuilder,
            build.VmMemory,
            build.VmCpus,
            build.Accel,
            TimeSpan.FromSeconds(build.BootTimeout),
            build.RootDirectory)
        {
            Boot = build.Boot,
        };
    }

    public LabOptions Options { get; }

    /// <summary>Why the requested source share falls back to SFTP for this user, or null.</summary>
    private string? ShareFallback { get; set; }

    /// <summary>Made when first asked for: it reads packer/scripts, which resolving the options does not need.</summary>
    public GuestImageCache Images => field ??= new GuestImageCache(Options, build.LoggerFactory);

    public string VexctlBinary => KitDefaults.VexctlBinary(build.ArtifactsDirectory);

    public string ModuleSources => string.IsNullOrWhiteSpace(build.ModuleSource)
        ? Path.Combine(build.RootDirectory, "vexfs-kernel")
        : Path.GetFullPath(KitDefaults.ExpandHome(build.ModuleSource));

    public string SuiteProject => Path.Combine(build.RootDirectory, "tests", "Vexfs.Integration.Tests", "Vexfs.Integration.Tests.csproj");

    /// <summary>Every requested series, resolved before anything starts so a typo fails at once.</summary>
    public IReadOnlyList<KernelSeries> Series => build.WithKernelTree(KernelCatalog.Default.ResolveAll(build.Kernel.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));

    /// <summary>Every target that boots a guest chooses its accelerator first: the missing tools are named here, before any work.</summary>
    public AcceleratorChoice ChooseAccelerator()
    {
        RequireTools(boots: true);
        if (build.SourceDelivery == SourceDelivery.Share)
        {
            // A normal user whose host forbids the share's user namespace gets the transfer disk, told why once.
            ShareFallback = Vexfs.Lab.Share.VirtioFsDaemon.UnprivilegedBlocker(new ToolLocator());
            if (ShareFallback is not null)
            {
                build.Logger.LogWarning("--source-delivery share: {Reason}; delivering through the guest's transfer disk instead (./build.sh Setup names the fix)", ShareFallback);
            }
            else
            {
                Vexfs.Lab.Share.VirtioFsDaemon.RequirePrerequisites(new ToolLocator());
            }
        }

        return new AcceleratorProbe(build.LoggerFactory.CreateLogger<AcceleratorProbe>()).Choose(Options.Accel);
    }

    public void RequireTools(bool boots) => LabTools.Require(new ToolLocator(), Options.Builder, boots);

    public GuestLauncher Launcher(AcceleratorChoice accel) => new(Options, Images, accel, build.LoggerFactory);

    public IntegrationOptions CreateIntegrationOptions(bool runSuite = true, int benchVectors = 1000) => new(
        Options,
        ModuleSources,
        VexctlBinary,
        build.ArtifactsDirectory,
        SuiteProject,
        string.IsNullOrWhiteSpace(build.InjectFault) ? null : build.InjectFault,
        build.KeepVm,
        runSuite,
        benchVectors)
    {
        ModuleBuild = build.ModuleBuild,
        SourceDelivery = build.SourceDelivery == Vexfs.Lab.ModuleBuild.SourceDelivery.Share && ShareFallback is not null ? Vexfs.Lab.ModuleBuild.SourceDelivery.Disk : build.SourceDelivery,
    };
}
