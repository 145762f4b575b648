using System.Diagnostics;
using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>What one rebuild and reload did: the step that failed (null when it all passed) and why.</summary>
public sealed record ReloadResult(string? FailedStep, string Message, TimeSpan Build, TimeSpan Reload, IReadOnlyList<KernelLogFinding> Findings)
{
    public bool Succeeded => FailedStep is null && Findings.Count == 0;
}

/// <summary>
/// Rebuilds the module after an edit and swaps it in the running guest (VmShell --watch), both as the
/// run's <see cref="IModuleInstall"/> does them, then unmount, rmmod, insmod, a status ioctl, and the kernel
/// log since the reload began scanned like a run's.
/// </summary>
public sealed class ModuleReloader(BootedGuest guest, IModuleInstall install)
{
    private static readonly TimeSpan Quick = GuestCommand.Quick;
    private int _generation;

    public async Task<ReloadResult> ReloadAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await install.RebuildAsync(guest, ct);
        }
        catch (Exception ex) when (ex is PhaseFailedException or LabException)
        {
            // The compiler names the chroot's or the guest's copy; the developer's editor knows the checkout.
            var message = ex.Message.Replace(install.BuildDirectory + "/", install.Settings.Directory + "/", StringComparison.Ordinal);
            return new ReloadResult("build", message, clock.Elapsed, TimeSpan.Zero, []);
        }

        var built = clock.Elapsed;
        var marker = $"vexfs-reload-{++_generation}-{Environment.ProcessId}";
        var swap = await guest.Session.RunAsync(
            $"echo {marker} >/dev/kmsg; umount -a -t vexfs 2>/dev/null; " +
            "if grep -qw '^vexfs' /proc/modules; then rmmod vexfs || exit 3; fi; " +
            $"{install.SwapCommand}insmod {GuestPaths.Module} || exit 4; {GuestPaths.Vexctl} status >/dev/null || exit 5",
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
}
