using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.KernelLog;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports;

namespace Vexfs.Lab.Fuzz;

/// <summary>A guest serving fuzz cases: its machine, its run directory and the host file behind its /dev/vdb.</summary>
public sealed record FuzzGuest(BootedGuest Guest, string RunDirectory, string DiskPath);

/// <summary>What one round trip did: the cases it finished, and whether the guest was lost (or tainted by a report).</summary>
public sealed record BatchResult(IReadOnlyList<FuzzOutcome> Finished, bool GuestLost, bool Tainted);

/// <summary>
/// Runs many cases in one SSH command and watches the serial console meanwhile: the case whose start marker
/// is the last one seen is running; it is lost when QEMU exits (a panic), when a lockup report appears in its
/// part of the log, or when it outlives the case deadline (the guest may no longer answer SSH at all).
/// Cases after a lost one are left for a new guest.
/// </summary>
public sealed class FuzzBatch(FuzzOptions options, uint dim, ILogger logger)
{
    private const string Device = GuestPaths.VexfsDevice;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);
    // Printing an RCU stall touches the soft-lockup watchdog, so the soft lockup comes up to 20 s after it.
    private static readonly TimeSpan HangGrace = TimeSpan.FromSeconds(30);

    // At the deadline without a report: the kernel's own account of blocked tasks and busy CPUs (sysrq w, l)
    // goes to the console, and what runs is listed, so a real hang can be told from a guest starved by a loaded host.
    private const string HangSnapshot =
        "echo w > /proc/sysrq-trigger; echo l > /proc/sysrq-trigger; ps -eo pid,stat,etime,wchan:24,args | awk 'NR == 1 || $2 !~ /^[SI]/'";

    public async Task<BatchResult> RunAsync(FuzzGuest fuzzGuest, IReadOnlyList<FuzzCase> cases, CancellationToken ct)
    {
        var guest = fuzzGuest.Guest;
        var staging = Stopwatch.StartNew();
        var sources = await StageAsync(fuzzGuest, cases, ct);
        logger.LogInformation("{Count} case images staged in {Seconds:F2} s ({How})", cases.Count, staging.Elapsed.TotalSeconds,
            options.Attach == FuzzAttach.Disk ? "written into regions of the guest's second disk" : "copied in over SSH");
        var running = Stopwatch.StartNew();
        var script = FuzzWorkload.BatchPreamble(Device)
            + string.Concat(cases.Select((c, i) => FuzzWorkload.Case(c.Id, sources[i], dim, GuestPaths.Vexctl)))
            + (options.Attach == FuzzAttach.Copy ? "rm -rf /root/fuzz\n" : "")
            + FuzzWorkload.BatchEpilogue(Device);
        var consoleStart = ConsoleLength(guest);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = guest.Session.RunAsync(script, (options.CaseTimeout * cases.Count) + TimeSpan.FromMinutes(1), stop.Token);
        var seen = new Dictionary<string, Stopwatch>(StringComparer.Ordinal);
        string? lost = null;
        Stopwatch? grace = null;
        var exited = false;
        while (!run.IsCompleted && (lost is null || grace is { } g && g.Elapsed < HangGrace))
        {
            await Task.WhenAny(run, Task.Delay(Poll, ct));
            var current = CaseConsole.Split(await ReadConsoleAsync(guest, consoleStart, ct)).LastOrDefault(s => !s.Ended);
            if (guest.Machine.HasExited)
            {
                exited = true;
                lost ??= "QEMU exited (the guest panicked)";
                break;
            }

            if (current is not null && lost is not null)
            {
                if (KernelLogScanner.Scan(current.Text, KernelLogScanner.ConsoleSource).Any(f => f.Pattern == "soft lockup"))
                {
                    break;
                }

                continue;
            }

            if (current is null)
            {
                continue;
            }

            var clock = seen.TryGetValue(current.Id, out var c) ? c : seen[current.Id] = Stopwatch.StartNew();
            if (KernelLogScanner.Scan(current.Text, KernelLogScanner.ConsoleSource).FirstOrDefault(f => f.Class is FailureClass.Hang or FailureClass.Panic) is { } report)
            {
                // An RCU stall comes first, a soft lockup (the report a developer looks for) later: wait for it.
                lost = $"{report.Pattern} reported after {clock.Elapsed.TotalSeconds:F0} s";
                grace = Stopwatch.StartNew();
            }
            else if (clock.Elapsed > options.CaseTimeout)
            {
                lost = $"case deadline of {options.CaseTimeout.TotalSeconds:F0} s passed without the case ending or a kernel report; "
                    + await SnapshotAsync(guest, ct);
                break;
            }
        }

        var stdout = "";
        if (lost is null)
        {
            try
            {
                var result = await run;
                stdout = result.Stdout;
                lost = result.TimedOut ? "the batch outlived its deadline" : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                await Task.Delay(Poll, ct);
                exited = guest.Machine.HasExited;
                lost = $"the SSH command failed: {ex.Message}";
            }
        }

        logger.LogInformation("batch of {Count} cases ran {Seconds:F1} s in the guest{Lost}", cases.Count, running.Elapsed.TotalSeconds, lost is null ? "" : " until the guest was lost");
        if (lost is not null)
        {
            logger.LogWarning("guest lost: {Reason}", lost);
            await guest.Machine.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
            stdout = run.IsCompletedSuccessfully ? run.Result.Stdout : stdout;
        }

        return Judge(cases, CaseConsole.Split(await ReadConsoleAsync(guest, consoleStart, ct)), CaseConsole.SplitOutput(stdout), lost, exited);
    }

    private static BatchResult Judge(IReadOnlyList<FuzzCase> cases, IReadOnlyList<CaseSegment> segments, IReadOnlyDictionary<string, string> outputs, string? lost, bool exited)
    {
        var finished = new List<FuzzOutcome>();
        foreach (var fuzzCase in cases)
        {
            var segment = segments.LastOrDefault(s => s.Id == fuzzCase.Id);
            if (segment is null)
            {
                continue; // never started: the next guest runs it
            }

            // The sysrq dumps asked for at a deadline are the kit's own doing, not the case's reports.
            var findings = KernelLogScanner.Scan(segment.Text, KernelLogScanner.ConsoleSource).Where(f => !f.Block.Contains("sysrq", StringComparison.Ordinal)).ToList();
            var output = outputs.GetValueOrDefault(fuzzCase.Id, "");
            if (segment.Ended)
            {
                finished.Add(new FuzzOutcome(fuzzCase, findings.Count > 0 ? FuzzVerdict.Reported : FuzzVerdict.Clean, findings, output));
                continue;
            }

            if (lost is null)
            {
                continue;
            }

            var crashed = exited || findings.Any(f => f.Class is FailureClass.Panic);
            var verdict = crashed && !findings.Any(f => f.Class == FailureClass.Hang) ? FuzzVerdict.Crashed : FuzzVerdict.Hung;
            var tail = findings.Count > 0 ? null : "console of the case (its end):\n" + string.Join('\n', segment.Text.Split('\n').TakeLast(60));
            finished.Add(new FuzzOutcome(fuzzCase, verdict, findings, output, tail is null ? lost : $"{lost}\n{tail}"));
            break;
        }

        return new BatchResult(finished, lost is not null, finished.Any(o => o.Failed));
    }

    private async Task<IReadOnlyList<string>> StageAsync(FuzzGuest guest, IReadOnlyList<FuzzCase> cases, CancellationToken ct)
    {
        var sources = new List<string>();
        if (options.Attach == FuzzAttach.Disk)
        {
            using var disk = File.OpenHandle(guest.DiskPath, FileMode.Open, FileAccess.Write);
            for (var i = 0; i < cases.Count; i++)
            {
                var offset = (i + 1) * options.ImageBytes; // region 0 holds the populated base image
                await RandomAccess.WriteAsync(disk, cases[i].Image, offset, ct);
                sources.Add(FuzzWorkload.RegionSource(Device, offset, options.ImageBytes));
            }

            return sources;
        }

        var local = Path.Combine(guest.RunDirectory, "case.img");
        await guest.Guest.Session.RunAsync("mkdir -p /root/fuzz", TimeSpan.FromSeconds(30), ct);
        foreach (var fuzzCase in cases)
        {
            await File.WriteAllBytesAsync(local, fuzzCase.Image, ct);
            await guest.Guest.Session.UploadFileAsync(local, $"/root/fuzz/{fuzzCase.Id}.img", ct);
            sources.Add($"-o loop /root/fuzz/{fuzzCase.Id}.img");
        }

        File.Delete(local);
        return sources;
    }

    private static async Task<string> SnapshotAsync(BootedGuest guest, CancellationToken ct)
    {
        try
        {
            var ps = await guest.Session.RunAsync(HangSnapshot, TimeSpan.FromSeconds(15), ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // the sysrq output reaches the serial console
            return ps.TimedOut ? "the guest did not answer a new SSH command within 15 s" : $"tasks not sleeping in the guest:\n{ps.Stdout.TrimEnd()}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return $"the guest did not answer a new SSH command ({ex.Message})";
        }
    }

    private static long ConsoleLength(BootedGuest guest) => File.Exists(guest.Machine.ConsoleLogPath) ? new FileInfo(guest.Machine.ConsoleLogPath).Length : 0;

    private static async Task<string> ReadConsoleAsync(BootedGuest guest, long from, CancellationToken ct)
    {
        if (!File.Exists(guest.Machine.ConsoleLogPath))
        {
            return "";
        }

        await using var stream = new FileStream(guest.Machine.ConsoleLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }
}
