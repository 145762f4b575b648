using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The variants that compile on the host, in a chroot of the image's build root, then deliver vexfs.ko.</summary>
public abstract class HostBuildInstall(ModuleInstallSettings settings, string runDirectory, ILoggerFactory loggers) : IModuleInstall
{
    private string? built;

    public ModuleInstallSettings Settings => settings;

    public abstract string DeliveryDetail { get; }

    public string BuildDirectory => HostModuleBuilder.ChrootBuildDirectory;

    public abstract string SwapCommand { get; }

    /// <summary>The module the last build produced, on the host.</summary>
    protected string BuiltModule => built ?? throw new InvalidOperationException("the module is delivered after it is built");

    public async Task BuildAsync(BootedGuest guest, CancellationToken ct)
    {
        var build = await new HostModuleBuilder(new ToolLocator(), loggers)
            .BuildAsync(guest.Image, settings.Directory, settings.InjectFault, settings.BuildTimeout, runDirectory, ct);
        built = build.ModulePath;
    }

    public async Task InstallAsync(BootedGuest guest, PhaseRecorder phases, CancellationToken ct)
    {
        await phases.RunAsync(PhaseNames.Build, c => BuildAsync(guest, c), ct);
        await phases.RunAsync(PhaseNames.Upload, c => DeliverAsync(guest, c), ct, DeliveryDetail);
    }

    public abstract Task DeliverAsync(BootedGuest guest, CancellationToken ct);

    public async Task RebuildAsync(BootedGuest guest, CancellationToken ct)
    {
        await BuildAsync(guest, ct);
        await PlaceRebuiltAsync(guest, ct);
    }

    /// <summary>Puts the module just rebuilt where <see cref="SwapCommand"/> takes it.</summary>
    protected abstract Task PlaceRebuiltAsync(BootedGuest guest, CancellationToken ct);
}
