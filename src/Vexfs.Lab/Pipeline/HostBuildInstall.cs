using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The variants that compile on the host, in a chroot of the image's build root, then deliver vexfs.ko.</summary>
public abstract class HostBuildInstall(ModuleInstallSettings settings, string runDirectory, ILoggerFactory loggers) : IModuleInstall
{
    private string? built;
    private Task? prepared;

    public ModuleInstallSettings Settings => settings;

    public abstract string DeliveryDetail { get; }

    public string BuildDirectory => HostModuleBuilder.ChrootBuildDirectory;

    public abstract string SwapCommand { get; }

    /// <summary>The module the last build produced, on the host.</summary>
    protected string BuiltModule => built ?? throw new InvalidOperationException("the module is delivered after it is built");

    public Task BuildAsync(BootedGuest guest, CancellationToken ct) => BuildAsync(guest.Image, ct);

    public Task PrepareAsync(GuestImage image, CancellationToken ct) => prepared ??= BuildAsync(image, ct);

    /// <summary>The build phase waits for the build <see cref="PrepareAsync"/> started, if any: only the part the boot did not hide.</summary>
    public async Task InstallAsync(BootedGuest guest, PhaseRecorder phases, CancellationToken ct)
    {
        await phases.RunAsync(PhaseNames.Build, c => prepared ?? BuildAsync(guest, c), ct);
        await phases.RunAsync(PhaseNames.Upload, c => DeliverAsync(guest, c), ct, DeliveryDetail);
    }

    public abstract Task DeliverAsync(BootedGuest guest, CancellationToken ct);

    private async Task BuildAsync(GuestImage image, CancellationToken ct)
    {
        var build = await new HostModuleBuilder(new ToolLocator(), loggers)
            .BuildAsync(image, settings.Directory, settings.InjectFault, settings.BuildTimeout, runDirectory, ct);
        built = build.ModulePath;
    }

    public async Task RebuildAsync(BootedGuest guest, CancellationToken ct)
    {
        await BuildAsync(guest, ct);
        await PlaceRebuiltAsync(guest, ct);
    }

    /// <summary>Puts the module just rebuilt where <see cref="SwapCommand"/> takes it.</summary>
    protected abstract Task PlaceRebuiltAsync(BootedGuest guest, CancellationToken ct);
}
