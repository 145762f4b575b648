using Microsoft.Extensions.Logging;
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

    /// <summary>The same launcher logging elsewhere (each kernel of a --parallel matrix to its prefixed loggers).</summary>
    public GuestLauncher WithLoggers(ILoggerFactory other) => new(lab, images, accel, other) { GdbPort = GdbPort, FixedKernelAddresses = FixedKernelAddresses };

    public async Task<BootedGuest> BootAsync(
        KernelSeries series, string runDirectory, PhaseRecorder phases, TextWriter? commandLog, CancellationToken ct, Action<GuestImage>? onImage = null)
    {
        var image = await phases.RunAsync(PhaseNames.Image, c => EnsureImageAsync(series, c), ct, i => i.BuiltKernel is { } k ? $"kernel {k.KernelRelease} built from {k.SourcePackage} {k.SourceVersion}" : null);
        onImage?.Invoke(image);
        var kernelArgs = FixedKernelAddresses ? $"{BootedGuest.DiagnosticKernelArgs} {Debug.GdbAttach.KernelArgs}" : BootedGuest.DiagnosticKernelArgs;
        var qemu = new QemuOptions(image, lab.VmMemoryMiB, lab.VmCpus, accel, runDirectory, ExtraKernelArgs: kernelArgs) { GdbPort = GdbPort };
        // KASAN and lockdep make a cold boot about 5x slower under TCG (measured 128 s to SSH vs ~25 s stock).
        // A developer's tree yields another kernel with each edit: it boots cold rather than pile up saved states.
        var starter = new GuestStarter(
            image.BuiltKernel is null ? lab : lab with { BootTimeout = lab.BootTimeout * 5, Boot = series.Tree is null ? lab.Boot : BootMode.Cold }, images.SavedStates, loggers);
        return await phases.RunAsync(PhaseNames.Boot, c => starter.StartAsync(qemu, commandLog, c), ct, guest => guest.BootDetail);
    }

    /// <summary>The suite's image; for a series the kit builds the kernel of, that image booting the built kernel.</summary>
    private async Task<GuestImage> EnsureImageAsync(KernelSeries series, CancellationToken ct)
    {
        var image = await images.EnsureAsync(series, ct);
        if (series.Build is null && series.Tree is null)
        {
            return image;
        }

        var built = series.Tree is { } tree
            ? await new Kernel.KernelTreeBuild(lab, images.Mirror, new ToolLocator(), loggers).EnsureAsync(series, tree, image, ct)
            : await new Kernel.KernelBuildCache(lab, images.Mirror, new ToolLocator(), loggers).EnsureAsync(series, image, ct);
        return built.Image with
        {
            BuiltKernel = built.Manifest,
            Note = built.Offline ? $"the mirror was unreachable: the cached package index chose {built.Manifest.SourcePackage} {built.Manifest.SourceVersion}" : image.Note,
        };
    }

    /// <summary>Builds and delivers the module as <paramref name="install"/>'s variant does, then loads it; the loading checks are the same for all.</summary>
    public async Task<GuestModule> InstallModuleAsync(BootedGuest guest, IModuleInstall install, PhaseRecorder phases, CancellationToken ct)
    {
        await install.InstallAsync(guest, phases, ct);
        var module = new GuestModule(guest.Session, loggers.CreateLogger<GuestModule>());
        await phases.RunAsync(PhaseNames.Load, module.LoadAsync, ct);
        return module;
    }

    /// <summary>Both steps; the guest is stopped again if the module cannot be installed.</summary>
    public async Task<BootedGuest> LaunchAsync(KernelSeries series, IModuleInstall install, string runDirectory, CancellationToken ct)
    {
        var phases = new PhaseRecorder(loggers.CreateLogger<GuestLauncher>());
        var guest = await BootAsync(series, runDirectory, phases, null, ct);
        try
        {
            await InstallModuleAsync(guest, install, phases, ct);
            return guest;
        }
        catch
        {
            await guest.DisposeAsync();
            throw;
        }
    }
}
