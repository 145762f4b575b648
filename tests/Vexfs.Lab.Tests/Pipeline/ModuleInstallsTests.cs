using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>The one build × delivery choice: each pair is its own variant, with its build directory and swap.</summary>
public sealed class ModuleInstallsTests
{
    [Theory]
    [InlineData(ModuleBuildMode.Host, SourceDelivery.Share, typeof(HostBuildShareInstall), HostModuleBuilder.ChrootBuildDirectory, true)]
    [InlineData(ModuleBuildMode.Host, SourceDelivery.Sftp, typeof(HostBuildSftpInstall), HostModuleBuilder.ChrootBuildDirectory, false)]
    [InlineData(ModuleBuildMode.Host, SourceDelivery.Disk, typeof(HostBuildDiskInstall), HostModuleBuilder.ChrootBuildDirectory, false)]
    [InlineData(ModuleBuildMode.Guest, SourceDelivery.Share, typeof(GuestBuildShareInstall), GuestPaths.ModuleSources, false)]
    [InlineData(ModuleBuildMode.Guest, SourceDelivery.Disk, typeof(GuestBuildDiskInstall), GuestPaths.ModuleSources, false)]
    [InlineData(ModuleBuildMode.Guest, SourceDelivery.Sftp, typeof(GuestBuildSftpInstall), GuestPaths.ModuleSources, false)]
    public void Each_build_and_delivery_is_one_variant(ModuleBuildMode build, SourceDelivery delivery, Type variant, string buildDirectory, bool copiesOnSwap)
    {
        var settings = new ModuleInstallSettings("/src/vexfs-kernel", "/a/vexctl") { ModuleBuild = build, Delivery = delivery };
        var install = ModuleInstalls.For(settings, "/tmp/run", NullLoggerFactory.Instance);

        Assert.IsType(variant, install);
        Assert.Same(settings, install.Settings);
        Assert.Equal(buildDirectory, install.BuildDirectory);
        Assert.Equal(copiesOnSwap, install.SwapCommand.Contains($"{GuestPaths.HostShare}/vexfs.ko", StringComparison.Ordinal));
        Assert.Equal(delivery == SourceDelivery.Share, install.DeliveryDetail.Contains("virtiofs", StringComparison.Ordinal));
        Assert.Equal(delivery == SourceDelivery.Disk, install.DeliveryDetail.Contains("transfer disk", StringComparison.Ordinal));
        Assert.Equal(delivery == SourceDelivery.Disk && build == ModuleBuildMode.Host, install.SwapCommand.Contains("tar -x -f /dev/vdc", StringComparison.Ordinal));
    }

    [Fact]
    public void The_guest_make_line_is_the_hosts_with_the_running_kernels_tree()
    {
        Assert.Equal(
            "make -C /lib/modules/$(uname -r)/build M=/root/vexfs W=1 VEXFS_WERROR=1 VEXFS_FAULT=build-warning modules 2>&1",
            KbuildMake.GuestCommand(GuestPaths.ModuleSources, "build-warning"));
    }
}
