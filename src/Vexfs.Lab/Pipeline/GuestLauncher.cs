using Microsoft.Extensions.Logging;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Share;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// Brings a guest to "module built and loaded" in two steps, each recorded as phases, so VmIntegration,
/// VmShell and the integration tests' own fixture share one path.
/// </summary>
public sealed class GuestLauncher(LabOptions lab, GuestImageCache images, AcceleratorChoice accel, ILoggerFactory loggers)
{
    /// <summary>Open QEMU's gdb stub on 127.0.0.1 at this port.</summary>
    public int? GdbPort { get; init; }

    /// <summary>Boot with nokaslr, so the addresses of vmlinux's symbols are the running kernel's (another machine shape).</summary>
    public bool FixedKernelAddresses { get; init; }

    public async Task<BootedGuest> BootAsync(
        KernelSeries series, string runDirectory, PhaseRecorder phases, TextWriter? commandLog, CancellationToken ct, Action<GuestImage>? onImage = null)
    {
        var image = await phases.RunAsync(PhaseNames.Image, c => EnsureImageAsync(series, c), ct, i => i.BuiltKernel is { } k ? $"kernel {k.KernelRelease} built from {k.SourcePackage} {k.SourceVersion}" : null);
        onImage?.Invoke(image);
        var kernelArgs = FixedKernelAddresses ? $"{BootedGuest.DiagnosticKernelArgs} {Debug.GdbAttach.KernelArgs}" : BootedGuest.DiagnosticKernelArgs;
        var qemu = new QemuOptions(image, lab.VmMemoryMiB, lab.VmCpus, accel, runDirectory, ExtraKernelArgs: kernelArgs) { GdbPort = GdbPort };
        // KASAN and lockdep make a cold boot about 5x slower under TCG (measured 128 s to SSH vs ~25 s stock).
        var starter = new GuestStarter(image.BuiltKernel is null ? lab : lab with { BootTimeout = lab.BootTimeout * 5 }, images.SavedStates, loggers);
        return await phases.RunAsync(PhaseNames.Boot, c => starter.StartAsync(qemu, commandLog, c), ct, guest => guest.BootDetail);
    }

    /// <summary>The suite's image; for a series the kit builds the kernel of, that image booting the built kernel.</summary>
    private async Task<GuestImage> EnsureImageAsync(KernelSeries series, CancellationToken ct)
    {
        var image = await images.EnsureAsync(series, ct);
        if (series.Build is null)
        {
            return image;
        }

        var built = await new Kernel.KernelBuildCache(lab, images.Mirror, new ToolLocator(), loggers).EnsureAsync(series, image, ct);
        return built.Image with
        {
            BuiltKernel = built.Manifest,
            Note = built.Offline ? $"the mirror was unreachable: the cached package index chose {built.Manifest.SourcePackage} {built.Manifest.SourceVersion}" : image.Note,
        };
    }

    /// <summary>
    /// Builds and loads the module: in the guest (upload the sources, build there), or on the host in
    /// <paramref name="image"/>'s build root (build, then upload vexfs.ko); the loading checks are the same.
    /// </summary>
    public async Task<GuestModule> InstallModuleAsync(
        BootedGuest guest, GuestImage image, ModuleSource source, string runDirectory, PhaseRecorder phases, CancellationToken ct)
    {
        var module = new GuestModule(guest.Session, loggers.CreateLogger<GuestModule>());
        var how = source.Delivery == SourceDelivery.Share ? $"virtiofs share, read-only at {GuestPaths.HostShare}" : "SFTP";
        // A built kernel has no headers package in the guest: its modules are built against the kernel's build root.
        if (source.ModuleBuild == ModuleBuildMode.Host || image.BuiltKernel is not null)
        {
            var builder = new HostModuleBuilder(new ToolLocator(), loggers);
            var built = await phases.RunAsync(
                PhaseNames.Build, c => builder.BuildAsync(image, source.Directory, source.InjectFault, source.BuildTimeout, runDirectory, c), ct);
            await phases.RunAsync(PhaseNames.Upload, c => DeliverAsync(guest, source, built.ModulePath, runDirectory, c), ct, how);
        }
        else
        {
            await phases.RunAsync(PhaseNames.Upload, c => DeliverAsync(guest, source, null, runDirectory, c), ct, how);
            await phases.RunAsync(PhaseNames.Build, c => module.BuildAsync(source.InjectFault, source.BuildTimeout, c), ct);
        }

        await phases.RunAsync(PhaseNames.Load, module.LoadAsync, ct);
        return module;
    }

    /// <summary>
    /// Puts vexctl and the module where the guest loads it: the host-built <paramref name="builtModule"/>,
    /// or (when null) the sources for the in-guest build, copied over SFTP or through the source share.
    /// </summary>
    public async Task DeliverAsync(BootedGuest guest, ModuleSource source, string? builtModule, string runDirectory, CancellationToken ct)
    {
        var module = new GuestModule(guest.Session, loggers.CreateLogger<GuestModule>());
        if (source.Delivery == SourceDelivery.Share)
        {
            await new SourceShare(loggers).AttachAsync(guest.Machine, guest.Session, source.Directory, source.VexctlBinary, builtModule, ct);
            await module.DeliverFromShareAsync(hostBuilt: builtModule is not null, ct);
        }
        else if (builtModule is not null)
        {
            await module.UploadBuiltAsync(builtModule, source.VexctlBinary, ct);
        }
        else
        {
            await module.UploadAsync(source.Directory, source.VexctlBinary, runDirectory, ct);
        }
    }

    /// <summary>Both steps; the guest is stopped again if the module cannot be installed.</summary>
    public async Task<BootedGuest> LaunchAsync(KernelSeries series, ModuleSource source, string runDirectory, CancellationToken ct)
    {
        var phases = new PhaseRecorder(loggers.CreateLogger<GuestLauncher>());
        GuestImage? image = null;
        var guest = await BootAsync(series, runDirectory, phases, null, ct, i => image = i);
        try
        {
            await InstallModuleAsync(guest, image ?? throw new InvalidOperationException("the image is known once the guest booted"), source, runDirectory, phases, ct);
            return guest;
        }
        catch
        {
            await guest.DisposeAsync();
            throw;
        }
    }
}

/// <summary>The module to build (in the guest or on the host, <see cref="ModuleBuild"/>) and the vexctl binary to put beside it.</summary>
public sealed record ModuleSource(string Directory, string VexctlBinary, string? InjectFault = null)
{
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public ModuleBuildMode ModuleBuild { get; init; } = ModuleBuildMode.Guest;

    /// <summary>How the sources (or the host-built module) and vexctl reach the guest; SFTP needs no root.</summary>
    public SourceDelivery Delivery { get; init; } = SourceDelivery.Sftp;
}
