using Microsoft.Extensions.Logging;
using Vexfs.Lab.ModuleBuild;

namespace Vexfs.Lab.Pipeline;

/// <summary>The one place the build × delivery choice is made.</summary>
public static class ModuleInstalls
{
    /// <param name="runDirectory">The run's scratch directory on the host (a source bundle, a host-built vexfs.ko).</param>
    public static IModuleInstall For(ModuleInstallSettings settings, string runDirectory, ILoggerFactory loggers) =>
        (settings.ModuleBuild, settings.Delivery) switch
        {
            (ModuleBuildMode.Host, SourceDelivery.Share) => new HostBuildShareInstall(settings, runDirectory, loggers),
            (ModuleBuildMode.Host, SourceDelivery.Disk) => new HostBuildDiskInstall(settings, runDirectory, loggers),
            (ModuleBuildMode.Host, _) => new HostBuildSftpInstall(settings, runDirectory, loggers),
            (_, SourceDelivery.Share) => new GuestBuildShareInstall(settings, loggers),
            (_, SourceDelivery.Disk) => new GuestBuildDiskInstall(settings),
            _ => new GuestBuildSftpInstall(settings, runDirectory),
        };
}
