using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.KernelBuild;
using Vexfs.Lab.Machine;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// Brings a guest to "module built and loaded" in two steps, each recorded as phases, so VmIntegration,
/// VmShell and the integration tests' own fixture share one path.
/// </summary>
public sealed class GuestLauncher(LabOptions lab, GuestImageCache images, AcceleratorChoice accel, ILoggerFactory loggers)
{
    /// <summary>The kernel arguments a kernel the kit built boots with, besides the diagnostic ones (see BootAsync).</summary>
    public const string BuiltKernelArgs = "acpi=noirq";

    /// <summary>
    /// The least memory a kernel the kit built boots with, the size its KASAN guest was measured at. 1 GiB rather
    /// than 2: kmemleak's scans after rmmod took 21.6 s instead of 63.7, and the restore 2.3 s instead of 9.1.
    /// </summary>
    public const int BuiltKernelMemoryMiB = 1024;

    /// <summary>Open QEMU's gdb stub on 127.0.0.1 at this port.</summary>
    public int? GdbPort { get; init; }

    /// <summary>Boot with nokaslr, so the addresses of vmlinux's symbols are the running kernel's (another machine shape).</summary>
    public bool FixedKernelAddresses { get; init; }

    /// <summary>The same launcher logging elsewhere (each kernel of a --parallel matrix to its prefixed loggers).</summary>
    public GuestLauncher WithLoggers(ILoggerFactory other) => new(lab, images, accel, other) { GdbPort = GdbPort, FixedKernelAddresses = FixedKernelAddresses };

    /// <summary>The image and boot phases: a guest of <paramref name="series"/> up and answering SSH.</summary>
    public async Task<BootedGuest> BootAsync(KernelSeries series, string runDirectory, PhaseRecorder phases, TextWriter? commandLog, CancellationToken ct) =>
        await BootAsync(await PrepareImageAsync(series, phases, ct), runDirectory, phases, commandLog, ct);

    /// <summary>The image phase: the verified image of <paramref name="series"/> (built, and its kernel built, when missing).</summary>
    public Task<GuestImage> PrepareImageAsync(KernelSeries series, PhaseRecorder phases, CancellationToken ct) =>
        phases.RunAsync(PhaseNames.Image, c => EnsureImageAsync(series, c), ct, i => i.BuiltKernel is { } k ? $"kernel {k.KernelRelease} built from {k.SourcePackage} {k.SourceVersion}" : null);

    /// <summary>The boot phase: <paramref name="image"/> (what the image phase produced) booted, or restored from its saved state.</summary>
    public async Task<BootedGuest> BootAsync(GuestImage image, string runDirectory, PhaseRecorder phases, TextWriter? commandLog, CancellationToken ct)
    {
        var kernelArgs = FixedKernelAddresses ? $"{BootedGuest.DiagnosticKernelArgs} {Debug.GdbAttach.KernelArgs}" : BootedGuest.DiagnosticKernelArgs;
        // A kernel the kit built boots in a shape of its own:
        // - ten times the boot timeout: the first 6.1-debug boot (KASAN, lockdep) took 131 s to SSH on two idle vCPUs (stock ~25 s);
        // - a developer's tree yields another kernel with each edit: it boots cold rather than pile up saved states;
        // - acpi=noirq: the pc machine's _PRT is an AML loop that, under KASAN and TCG, ran into ACPICA's 30 s
        //   loop timeout each time a PCI device was enabled (four times, 2 of the first boot's 2.7 min to init, and
        //   again for the hot-plugged share); the BIOS's MP and $PIR tables route the same interrupts at no cost;
        // - at least 1 GiB, as it was measured with: KASAN's shadow takes an eighth, kmemleak and the quarantine more.
        var shape = lab;
        if (image.BuiltKernel is { } built)
        {
            shape = lab with
            {
                BootTimeout = lab.BootTimeout * 10,
                Boot = built.FromTree ? BootMode.Cold : lab.Boot,
                VmMemoryMiB = Math.Max(lab.VmMemoryMiB, BuiltKernelMemoryMiB),
            };
            kernelArgs += " " + BuiltKernelArgs;
        }

        var qemu = new QemuOptions(image, shape.VmMemoryMiB, shape.VmCpus, accel, runDirectory, ExtraKernelArgs: kernelArgs) { GdbPort = GdbPort };
        var boot = new GuestBoot(shape, new SavedStateStore(lab.CacheDir, images.Tools, loggers), loggers);
        return await phases.RunAsync(PhaseNames.Boot, c => boot.BootAsync(qemu, commandLog, c), ct, guest => guest.BootDetail.ToString());
    }

    /// <summary>
    /// The boot phase with <paramref name="install"/>'s part that needs no guest (the host build) running beside
    /// it: a restore and a host build take about a second each and neither needs the other. A failed boot
    /// stops that build and waits for it, so no compiler outlives the run.
    /// </summary>
    public async Task<BootedGuest> BootAsync(GuestImage image, IModuleInstall install, string runDirectory, PhaseRecorder phases, TextWriter? commandLog, CancellationToken ct)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var prepared = install.PrepareAsync(image, stop.Token);
        var settled = prepared.ContinueWith(
            t =>
            {
                _ = t.Exception; // observed here; InstallAsync rethrows it in the build phase
                stop.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            return await BootAsync(image, runDirectory, phases, commandLog, ct);
        }
        catch
        {
            if (!settled.IsCompleted)
            {
                try
                {
                    await stop.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The build ended meanwhile.
                }
            }

            await settled;
            throw;
        }
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
            ? await new KernelTreeBuild(lab, images.Mirror, new ToolLocator(), loggers).EnsureAsync(series, tree, image, ct)
            : await new KernelBuildCache(lab, images.Mirror, new ToolLocator(), loggers).EnsureAsync(series, image, ct);
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

    /// <summary>Both steps, recorded in the caller's <paramref name="phases"/>; the guest is stopped again if the module cannot be installed.</summary>
    public async Task<BootedGuest> LaunchAsync(KernelSeries series, IModuleInstall install, string runDirectory, PhaseRecorder phases, CancellationToken ct)
    {
        var guest = await BootAsync(await PrepareImageAsync(series, phases, ct), install, runDirectory, phases, null, ct);
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
