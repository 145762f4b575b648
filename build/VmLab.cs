using Microsoft.Extensions.Logging;
using Vexfs.Lab;
using Vexfs.Lab.Pipeline;

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
            build.ImageBuilder == ImageBuilder.Packer ? ImageBuilderKind.Packer : ImageBuilderKind.Mmdebstrap,
            build.VmMemory,
            build.VmCpus,
            build.Accel switch { Accel.Kvm => AcceleratorKind.Kvm, Accel.Tcg => AcceleratorKind.Tcg, _ => AcceleratorKind.Auto },
            TimeSpan.FromSeconds(build.BootTimeout),
            build.RootDirectory)
        {
            Boot = build.Boot == Boot.Cold ? BootMode.Cold : BootMode.Restore,
        };
        Images = new GuestImageCache(Options, build.LoggerFactory);
    }

    public LabOptions Options { get; }

    /// <summary>Why the requested source share falls back to SFTP for this user, or null.</summary>
    private string? ShareFallback { get; set; }

    public GuestImageCache Images { get; }

    public string VexctlBinary => KitDefaults.VexctlBinary(build.ArtifactsDirectory);

    public string ModuleSources => Path.Combine(build.RootDirectory, "vexfs-kernel");

    /// <summary>Every requested series, resolved before anything starts so a typo fails at once.</summary>
    public IReadOnlyList<KernelSeries> Series => KernelCatalog.Default.ResolveAll(build.Kernel.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

    /// <summary>Every target that boots a guest chooses its accelerator first: the missing tools are named here, before any work.</summary>
    public AcceleratorChoice ChooseAccelerator()
    {
        RequireTools(boots: true);
        if (build.SourceDelivery == Delivery.Share)
        {
            // A normal user whose host forbids the share's user namespace gets SFTP, told why once.
            ShareFallback = Vexfs.Lab.Share.VirtioFsDaemon.UnprivilegedBlocker(new ToolLocator());
            if (ShareFallback is not null)
            {
                build.Logger.LogWarning("--source-delivery share: {Reason}; copying the sources over SFTP instead (./build.sh Setup names the fix)", ShareFallback);
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

    public IntegrationOptions Integration(bool runSuite = true, int benchVectors = 1000) => new(
        Options,
        ModuleSources,
        VexctlBinary,
        build.ArtifactsDirectory,
        Path.Combine(build.RootDirectory, "tests", "Vexfs.Integration.Tests", "Vexfs.Integration.Tests.csproj"),
        string.IsNullOrWhiteSpace(build.InjectFault) ? null : build.InjectFault,
        build.KeepVm,
        runSuite,
        benchVectors)
    {
        ModuleBuild = build.ModuleBuild == ModuleBuild.Host ? ModuleBuildMode.Host : ModuleBuildMode.Guest,
        SourceDelivery = build.SourceDelivery == Delivery.Share && ShareFallback is null ? Vexfs.Lab.SourceDelivery.Share : Vexfs.Lab.SourceDelivery.Sftp,
    };
}
