using Microsoft.Extensions.Logging;
using Vexfs.Lab.Share;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// The checkout shared read-only over virtiofs; the guest builds in <see cref="GuestPaths.ModuleSources"/>, a
/// tree of links to the share that vexfs-make keeps (where a developer's own vexfs-make builds too).
/// </summary>
public sealed class GuestBuildShareInstall(ModuleInstallSettings settings, ILoggerFactory loggers) : GuestBuildInstall(settings)
{
    private static readonly string Link = $"VEXFS_BUILD_DIR={GuestPaths.ModuleSources} sh {SourceShare.MakeScript} --link";

    public override string DeliveryDetail => $"virtiofs share, read-only at {GuestPaths.HostShare}";

    public override async Task DeliverAsync(BootedGuest guest, CancellationToken ct)
    {
        await new SourceShare(loggers).AttachAsync(guest.Machine, guest.Session, Settings.Directory, Settings.VexctlBinary, null, ct);
        await GuestCommand.RequireAsync(
            guest.Session, $"install -m 755 {GuestPaths.HostShare}/vexctl {GuestPaths.Vexctl} && rm -rf {GuestPaths.ModuleSources} && {Link}",
            FailureClass.Infrastructure, "taking the module from the source share", ct);
    }

    public override async Task RebuildAsync(BootedGuest guest, CancellationToken ct)
    {
        // New or deleted files on the host are linked first; the objects of the last build stay, so
        // the make line compiles only what the edit touched.
        var link = await guest.Session.RunAsync(Link, GuestCommand.Quick, ct);
        if (!link.Succeeded)
        {
            throw new LabException($"linking the shared sources failed: {link.Stderr.Trim()}");
        }

        await BuildAsync(guest, ct);
    }
}
