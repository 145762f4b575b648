using Microsoft.Extensions.Logging;
using Vexfs.Lab.KernelLog;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// What only a debug kernel can check, around the module's life in the guest: kmemleak is emptied of the
/// boot's own suspects before the module loads, the module's address range is recorded while it is loaded,
/// and after umount and rmmod two scans (kmemleak reports an object only once it has stayed unreferenced
/// and unchanged from one scan to the next, and is older than 5 s) list what vexfs left behind.
/// </summary>
internal sealed class DebugKernelChecks(GuestSession session, ILogger logger)
{
    private const string Kmemleak = "/sys/kernel/debug/kmemleak";
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(3);

    public ModuleAddressRange? Range { get; private set; }

    /// <summary>/proc/modules as read while vexfs was loaded: the evidence for <see cref="Range"/>, kept beside kmemleak.log.</summary>
    public string ProcModules { get; private set; } = "";

    /// <summary>
    /// Mounts debugfs if needed and has the guest mark every suspect the boot left as seen, in the background:
    /// the scan keeps one vCPU busy for seconds under KASAN, while the module is delivered and loaded on the
    /// other. Nothing vexfs allocates can be reported by it (an object younger than the scan's start never is,
    /// and `clear` only greys what was reported), and kmemleak runs one scan at a time, so the scans after rmmod
    /// wait for it.
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        var result = await session.RunAsync(
            $"mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; test -w {Kmemleak} && " +
            $"{{ nohup sh -c 'echo scan > {Kmemleak} && echo clear > {Kmemleak}' </dev/null >/dev/null 2>&1 & }}",
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

    /// <summary>
    /// After rmmod: two scans, the second starting at least 6 s after the first did, then the suspects
    /// attributed to vexfs. The first scan records each object's checksum (a new object is never reported by
    /// its first scan); the second reports those unchanged and older than kmemleak's 5 s, which anything vexfs
    /// allocated is by then. The wait is what is left of the 6 s (a scan under KASAN and TCG may take longer).
    /// </summary>
    public async Task<(IReadOnlyList<KernelLogFinding> Findings, string Raw)> ScanAsync(CancellationToken ct)
    {
        var result = await session.RunAsync(
            $"s=${{EPOCHREALTIME%.*}}; echo scan > {Kmemleak}; w=$((s + 6 - ${{EPOCHREALTIME%.*}})); " +
            $"[ $w -le 0 ] || sleep $w; echo scan > {Kmemleak}; cat {Kmemleak}", ScanTimeout, ct);
        if (!result.Succeeded)
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"the kmemleak scan failed: {result.Stderr.Trim()}");
        }

        var findings = KmemleakReport.Parse(result.Stdout, Range);
        logger.LogInformation("kmemleak: {Count} suspect(s) attributed to vexfs", findings.Count);
        return (findings, result.Stdout);
    }
}
