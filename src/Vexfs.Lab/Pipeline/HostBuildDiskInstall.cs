using Microsoft.Extensions.Logging;
using Vexfs.Lab.Machine;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>Built on the host; vexfs.ko and vexctl written onto the guest's transfer disk and unpacked from it.</summary>
public sealed class HostBuildDiskInstall(ModuleInstallSettings settings, string runDirectory, ILoggerFactory loggers)
    : HostBuildInstall(settings, runDirectory, loggers)
{
    public override string DeliveryDetail => $"transfer disk {TransferDisk.GuestDevice}";

    public override string SwapCommand => $"{{ {TransferDisk.GuestUnpackCommand}; }} && ";

    public override async Task DeliverAsync(BootedGuest guest, CancellationToken ct)
    {
        GuestCommand.RequireVexctl(Settings.VexctlBinary);
        await TransferDisk.WriteAsync(guest.Machine.TransferDiskPath, [Vexctl(Settings.VexctlBinary), Module(BuiltModule)], ct);
        await GuestCommand.RequireAsync(
            guest.Session, $"rm -rf {GuestPaths.ModuleSources} && {TransferDisk.GuestUnpackCommand}", FailureClass.Infrastructure, "unpacking vexctl and the module from the transfer disk", ct);
    }

    /// <summary>Only the module: <see cref="SwapCommand"/> unpacks it between rmmod and insmod.</summary>
    protected override Task PlaceRebuiltAsync(BootedGuest guest, CancellationToken ct) =>
        TransferDisk.WriteAsync(guest.Machine.TransferDiskPath, [Module(BuiltModule)], ct);

    internal static TransferFile Vexctl(string binary) =>
        new(binary, GuestPaths.Vexctl, (UnixFileMode)0x1ED);

    private static TransferFile Module(string built) =>
        new(built, GuestPaths.Module, (UnixFileMode)0x1A4);
}
