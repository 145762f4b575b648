using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The sources and vexctl written onto the guest's transfer disk, unpacked there and built in the guest.</summary>
public sealed class GuestBuildDiskInstall(ModuleInstallSettings settings) : GuestBuildInstall(settings)
{
    public override string DeliveryDetail => $"transfer disk {TransferDisk.GuestDevice}";

    public override async Task DeliverAsync(BootedGuest guest, CancellationToken ct)
    {
        GuestCommand.RequireVexctl(Settings.VexctlBinary);
        var sources = ModuleSourceBundle.ListSources(Settings.Directory)
            .Select(relative => new TransferFile(Path.Combine(Settings.Directory, relative), $"{GuestPaths.ModuleSources}/{relative.Replace('\\', '/')}", (UnixFileMode)0x1A4));
        await TransferDisk.WriteAsync(guest.Machine.TransferDiskPath, [HostBuildDiskInstall.Vexctl(Settings.VexctlBinary), .. sources], ct);
        await GuestCommand.RequireAsync(
            guest.Session, $"rm -rf {GuestPaths.ModuleSources} && {TransferDisk.GuestUnpackCommand}", FailureClass.Infrastructure, "unpacking vexctl and the module sources from the transfer disk", ct);
    }
}
