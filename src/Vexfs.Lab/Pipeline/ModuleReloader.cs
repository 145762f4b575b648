using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.KernelLog;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Share;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>What one rebuild and reload did: the step that failed (null when it all passed) and why.</summary>
public sealed record ReloadResult(string? FailedStep, string Message, TimeSpan Build, TimeSpan Reload, IReadOnlyList<KernelLogFinding> Findings)
{
    public bool Succeeded => FailedStep is null && Findings.Count == 0;
}

/// <summary>
/// Rebuilds the module after an edit and swaps it in the running guest (VmShell --watch): built on the
/// host (into the share, or uploaded) or in the guest by vexfs-make from the share, then unmount, rmmod,
/// insmod, a status ioctl, and the kernel log since the reload began scanned like a run's.
/// </summary>
public sealed class ModuleReloader(BootedGuest guest, ModuleSource source, string runDirectory, ILoggerFactory loggers)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);
    private int _generation;

    public async Task<ReloadResult> ReloadAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await BuildAsync(ct);
        }
        catch (Exception ex) when (ex is PhaseFailedException or LabException)
        {
            // The compiler names the chroot's or the guest's copy; the developer's editor knows the checkout.
            var message = ex.Message
                .Replace(HostModuleBuilder.ChrootBuildDirectory + "/", source.Directory + "/", StringComparison.Ordinal)
                .Replace(GuestPaths.ModuleSources + "/", source.Directory + "/", StringComparison.Ordinal);
            return new ReloadResult("build", message, clock.Elapsed, TimeSpan.Zero, []);
        }

        var built = clock.Elapsed;
        var marker = $"vexfs-reload-{++_generation}-{Environment.ProcessId}";
        var copy = source.Delivery == SourceDelivery.Share && source.ModuleBuild == ModuleBuildMode.Host ? $"cp {GuestPaths.HostShare}/vexfs.ko {GuestPaths.Module} && " : "";
        var swap = await guest.Session.RunAsync(
            $"echo {marker} >/dev/kmsg; umount -a -t vexfs 2>/dev/null; " +
            "if grep -qw '^vexfs' /proc/modules; then rmmod vexfs || exit 3; fi; " +
            $"{copy}insmod {GuestPaths.Module} || exit 4; {GuestPaths.Vexctl} status >/dev/null || exit 5",
            Quick, ct);
        var log = await guest.Session.RunAsync($"dmesg | sed -n '/{marker}/,$p'", Quick, ct);
        var findings = KernelLogScanner.Scan(log.Stdout, "dmesg");
        var reload = clock.Elapsed - built;
        return swap.ExitCode switch
        {
            0 => new ReloadResult(null, findings.Count == 0 ? "reloaded" : $"reloaded, but the kernel log has {findings.Count} finding(s)", built, reload, findings),
            3 => new ReloadResult("rmmod", $"rmmod vexfs failed (is it still in use?): {swap.Stderr.Trim()}", built, reload, findings),
            4 => new ReloadResult("insmod", $"insmod failed: {swap.Stderr.Trim()}", built, reload, findings),
            5 => new ReloadResult("status", $"vexctl status failed on the new module: {swap.Stderr.Trim()}", built, reload, findings),
            _ => new ReloadResult("reload", $"exit {swap.ExitCode}{(swap.TimedOut ? " (timed out)" : "")}: {swap.Stderr.Trim()}", built, reload, findings),
        };
    }

    private async Task BuildAsync(CancellationToken ct)
    {
        if (source.ModuleBuild == ModuleBuildMode.Host)
        {
            var built = await new HostModuleBuilder(new ToolLocator(), loggers).BuildAsync(guest.Image, source.Directory, source.InjectFault, source.BuildTimeout, runDirectory, ct);
            if (source.Delivery == SourceDelivery.Share)
            {
                // Renamed into place, so the guest never reads a half-copied module through the share.
                var staged = Path.Combine(guest.Machine.ShareDirectory, ".vexfs.ko.new");
                File.Copy(built.ModulePath, staged, overwrite: true);
                File.Move(staged, Path.Combine(guest.Machine.ShareDirectory, "vexfs.ko"), overwrite: true);
            }
            else
            {
                await guest.Session.UploadFileAsync(built.ModulePath, GuestPaths.Module, ct, mode: 0x1A4);
            }

            return;
        }

        var module = new GuestModule(guest.Session, loggers.CreateLogger<GuestModule>());
        if (source.Delivery == SourceDelivery.Share)
        {
            // New or deleted files on the host are linked first; the objects of the last build stay, so
            // the pipeline's own make line compiles only what the edit touched.
            var link = await guest.Session.RunAsync($"VEXFS_BUILD_DIR={GuestPaths.ModuleSources} sh {SourceShare.MakeScript} --link", Quick, ct);
            if (!link.Succeeded)
            {
                throw new LabException($"linking the shared sources failed: {link.Stderr.Trim()}");
            }

            await module.BuildAsync(source.InjectFault, source.BuildTimeout, ct);
            return;
        }

        await module.UploadAsync(source.Directory, source.VexctlBinary, runDirectory, ct);
        await module.BuildAsync(source.InjectFault, source.BuildTimeout, ct);
    }
}
