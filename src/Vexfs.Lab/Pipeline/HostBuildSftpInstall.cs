using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>Built on the host; vexfs.ko and vexctl copied over SSH to where the in-guest build would leave them.</summary>
public sealed class HostBuildSftpInstall(ModuleInstallSettings settings, string runDirectory, ILoggerFactory loggers)
    : HostBuildInstall(settings, runDirectory, loggers)
{
    public override string DeliveryDetail => "copied over SSH";

    public override string SwapCommand => "";

    public override async Task DeliverAsync(BootedGuest guest, CancellationToken ct)
    {
        GuestCommand.RequireVexctl(Settings.VexctlBinary);
        await GuestCommand.RequireAsync(
            guest.Session, $"rm -rf {GuestPaths.ModuleSources} && mkdir -p {GuestPaths.ModuleSources}", FailureClass.Infrastructure, "preparing the module directory in the guest", ct);
        await guest.Session.UploadFileAsync(BuiltModule, GuestPaths.Module, ct, mode: 0x1A4);
        await guest.Session.UploadFileAsync(Settings.VexctlBinary, GuestPaths.Vexctl, ct, mode: 0x1ED);
    }

    protected override Task PlaceRebuiltAsync(BootedGuest guest, CancellationToken ct) =>
        guest.Session.UploadFileAsync(BuiltModule, GuestPaths.Module, ct, mode: 0x1A4);
}
