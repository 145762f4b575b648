using Vexfs.Lab.Images;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// How the module gets into a guest, one implementation per build × delivery variant (<see cref="ModuleInstalls.For"/>
/// picks it once): build it, deliver it (with vexctl), and after an edit rebuild it and swap it in. A run,
/// VmShell --watch, the benchmarks and gdb all go through this; none of them branches on the variant.
/// </summary>
public interface IModuleInstall
{
    ModuleInstallSettings Settings { get; }

    /// <summary>How the module reaches the guest, as the upload phase's detail says it.</summary>
    string DeliveryDetail { get; }

    /// <summary>The directory the module was compiled in, as its debug info names it (gdb maps it to the checkout).</summary>
    string BuildDirectory { get; }

    /// <summary>
    /// Starts what needs no running guest, so it runs while one boots: the host variants compile against the
    /// image; the in-guest ones have nothing to do. <see cref="InstallAsync"/> waits for it in its build phase.
    /// </summary>
    Task PrepareAsync(GuestImage image, CancellationToken ct);

    /// <summary>The first install into a booted guest: the build and upload phases, in this variant's order (not the load).</summary>
    Task InstallAsync(BootedGuest guest, PhaseRecorder phases, CancellationToken ct);

    /// <summary>Compiles the module: on the host for the guest's image, or in the guest from the delivered sources.</summary>
    Task BuildAsync(BootedGuest guest, CancellationToken ct);

    /// <summary>Only the delivery of what this variant delivers (the sources, or the module it built last) and vexctl.</summary>
    Task DeliverAsync(BootedGuest guest, CancellationToken ct);

    /// <summary>After an edit: builds again and leaves the new module where <see cref="SwapCommand"/> takes it.</summary>
    Task RebuildAsync(BootedGuest guest, CancellationToken ct);

    /// <summary>Guest shell commands run between rmmod and insmod that put the rebuilt module at <see cref="GuestPaths.Module"/> ("" when it is there already).</summary>
    string SwapCommand { get; }
}
