using Microsoft.Extensions.Logging;
using Vexfs.Lab.Share;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>Built on the host; vexfs.ko and vexctl staged in the guest's source share and taken from there.</summary>
public sealed class HostBuildShareInstall(ModuleInstallSettings settings, string runDirectory, ILoggerFactory loggers)
    : HostBuildInstall(settings, runDirectory, loggers)
{
    private readonly ILoggerFactory loggers = loggers;

    public override string DeliveryDetail => $"virtiofs share, read-only at {GuestPaths.HostShare}";

    public override string SwapCommand => $"cp {GuestPaths.HostShare}/vexfs.ko {GuestPaths.Module} && ";

    public override async Task DeliverAsync(BootedGuest guest, CancellationToken ct)
    {
        await new SourceShare(loggers).AttachAsync(guest.Machine, guest.Session, Settings.Directory, Settings.VexctlBinary, BuiltModule, ct);

        // A host-built module needs no links: vexfs-make makes them when a developer builds in the guest.
        await GuestCommand.RequireAsync(
            guest.Session,
            $"install -m 755 {GuestPaths.HostShare}/vexctl {GuestPaths.Vexctl} && rm -rf {GuestPaths.ModuleSources} && " +
            $"mkdir -p {GuestPaths.ModuleSources} && cp {GuestPaths.HostShare}/vexfs.ko {GuestPaths.Module}",
            FailureClass.Infrastructure, "taking the module from the source share", ct);
    }

    protected override Task PlaceRebuiltAsync(BootedGuest guest, CancellationToken ct)
    {
        // Renamed into place, so the guest never reads a half-copied module through the share.
        var staged = Path.Combine(guest.Machine.ShareDirectory, ".vexfs.ko.new");
        File.Copy(BuiltModule, staged, overwrite: true);
        File.Move(staged, Path.Combine(guest.Machine.ShareDirectory, "vexfs.ko"), overwrite: true);
        return Task.CompletedTask;
    }
}
