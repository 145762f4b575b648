using Vexfs.Lab.ModuleBuild;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The sources copied over SSH as one tar and built in the guest; needs no root on the host.</summary>
public sealed class GuestBuildSftpInstall(ModuleInstallSettings settings, string runDirectory) : GuestBuildInstall(settings)
{
    public override string DeliveryDetail => "copied over SSH";

    public override async Task DeliverAsync(BootedGuest guest, CancellationToken ct)
    {
        GuestCommand.RequireVexctl(Settings.VexctlBinary);
        var tar = Path.Combine(runDirectory, "vexfs-src.tar");
        await ModuleSourceBundle.CreateAsync(Settings.Directory, tar, ct);
        await guest.Session.UploadFileAsync(tar, "/root/vexfs-src.tar", ct);
        await guest.Session.UploadFileAsync(Settings.VexctlBinary, GuestPaths.Vexctl, ct, mode: 0x1ED);
        await GuestCommand.RequireAsync(
            guest.Session,
            $"rm -rf {GuestPaths.ModuleSources} && mkdir -p {GuestPaths.ModuleSources} && tar -xf /root/vexfs-src.tar -C {GuestPaths.ModuleSources} && rm /root/vexfs-src.tar",
            FailureClass.Infrastructure, "unpacking the module sources in the guest", ct);
    }
}
