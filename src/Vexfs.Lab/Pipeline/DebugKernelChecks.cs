using Microsoft.Extensions.Logging;
using Vexfs.Lab.KernelLog;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// What only a debug kernel can check, around the module's life in the guest: kmemleak is emptied of the
/// boot's own suspects before the module loads, the module's address range is recorded while it is loaded,
/// and after umount and rmmod two scans (kmemleak reports an object only once it has stayed unreferenced
/// and unchanged for a scan, and is older than 5 s) list what vexfs left behind.
/// </summary>
internal sealed class DebugKernelChecks(GuestSession session, ILogger logger)
{
    private const string Kmemleak = "/sys/kernel/debug/kmemleak";
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(3);

    public ModuleAddressRange? Range { get; private set; }

    /// <summary>/proc/modules as read while vexfs was loaded: the evidence for <see cref="Range"/>, kept beside kmemleak.log.</summary>
    public string ProcModules { get; private set; } = "";

    /// <summary>Mounts debugfs if needed and marks every suspect the boot left as seen.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        var result = await session.RunAsync(
            $"mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; test -w {Kmemleak} && echo scan > {Kmemleak} && echo clear > {Kmemleak}",
            ScanTimeout, ct);
        if (!result.Succeeded)
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"kmemleak is not usable in the guest ({Kmemleak}): {result.Stderr.Trim()}");
        }
    }

    /// <summary>Reads the module's base and size from /proc/modules while it is loaded.</summary>
    public async Task RecordModuleAsync(CancellationToken ct)
    {
        var result = await session.RunAsync("cat /proc/modules", TimeSpan.FromSeconds(30), ct);
        ProcModules = result.Stdout;
        Range = ModuleAddressRange.FromProcModules(result.Stdout, "vexfs");
        logger.LogInformation("vexfs loaded at {Range}", Range is null ? "an unknown address" : $"0x{Range.Start:x} ({Range.Size} bytes)");
    }

    /// <summary>After rmmod: two scans 6 s apart, then the suspects attributed to vexfs.</summary>
    public async Task<(IReadOnlyList<KernelLogFinding> Findings, string Raw)> ScanAsync(CancellationToken ct)
    {
        var result = await session.RunAsync(
            $"sleep 6; echo scan > {Kmemleak}; sleep 6; echo scan > {Kmemleak}; cat {Kmemleak}", ScanTimeout, ct);
        if (!result.Succeeded)
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"the kmemleak scan failed: {result.Stderr.Trim()}");
        }

        var findings = KmemleakReport.Parse(result.Stdout, Range);
        logger.LogInformation("kmemleak: {Count} suspect(s) attributed to vexfs", findings.Count);
        return (findings, result.Stdout);
    }
}
