using System.Text.RegularExpressions;
using Vexfs.Reports;

namespace Vexfs.Lab.KernelLog;

/// <summary>
/// Finds kernel reports (oops, BUG, WARNING, panic, sanitizer and lockdep reports, hung tasks, lockups, RCU
/// stalls, bare call traces) in a serial-console log or in dmesg, and quotes each report's block.
/// </summary>
/// <remarks>
/// A block runs from the "cut here" line (or the '=' rule of a sanitizer/lockdep report, or the report line
/// itself) to the "end trace"/"end Kernel panic" marker; reports without a marker (hung task, soft lockup,
/// panic with panic=-1) end at their closing &lt;/TASK&gt;, at the next report, at a pause of more than
/// <see cref="MaxGapSeconds"/> in the timestamps, or after <see cref="MaxBlockLines"/> lines. Only kernel
/// lines are quoted: userspace output interleaved on the console is left out.
/// <see cref="Scan"/> returns every report in one log; <see cref="Merge"/> combines the console's and
/// dmesg's findings and drops the duplicates (the same printk record seen in both, a hung task reported
/// again every interval).
/// </remarks>
public static partial class KernelLogScanner
{
    public const int MaxBlockLines = 80;
    public const double MaxGapSeconds = 2.0;
    public const string ConsoleSource = "console";
    public const string DmesgSource = "dmesg";

    /// <summary>The run's findings: both logs scanned and merged (console copies kept); a null log is skipped.</summary>
    public static IReadOnlyList<KernelLogFinding> ScanRun(string? consoleLog, string? dmesg) => Merge(
        consoleLog is null ? [] : Scan(consoleLog, ConsoleSource),
        dmesg is null ? [] : Scan(dmesg, DmesgSource));

    public static IReadOnlyList<KernelLogFinding> Scan(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var kernel = KernelLogLine.ParseAll(text).Where(l => l.IsKernel).ToList();
        var findings = new List<KernelLogFinding>();
        var i = 0;
        var floor = 0;
        while (i < kernel.Count)
        {
            var pattern = KernelLogPatterns.Match(kernel[i].Message!);
            if (pattern is null)
            {
                i++;
                continue;
            }

            var start = BlockStart(kernel, i, pattern, floor);
            var end = BlockEnd(kernel, start, i, pattern);
            var block = string.Join('\n', kernel.Skip(start).Take(end - start + 1).Select(l => l.Text));
            findings.Add(new KernelLogFinding(pattern.Class, pattern.Name, source, kernel[start].Number, block));
            i = floor = end + 1;
        }

        return findings;
    }

    /// <summary>
    /// All findings of several logs (pass the console's first: its copy is kept), without duplicates: two
    /// findings are the same report when class and report line agree, ignoring timestamps and the growing
    /// counters of repeated hung-task and lockup messages.
    /// </summary>
    public static IReadOnlyList<KernelLogFinding> Merge(params IEnumerable<IReadOnlyList<KernelLogFinding>> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<KernelLogFinding>();
        foreach (var finding in logs.SelectMany(l => l))
        {
            if (seen.Add(DedupeKey(finding)))
            {
                merged.Add(finding);
            }
        }

        return merged;
    }

    /// <summary>
    /// The most severe class among the findings (Panic &gt; Oops &gt; Bug &gt; MemoryCorruption &gt; Locking &gt;
    /// AtomicSleep &gt; UndefinedBehaviour &gt; MemoryLeak &gt; Hang &gt; Warning), or None.
    /// </summary>
    public static FailureClass ClassifyVerdict(IEnumerable<KernelLogFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return findings.Select(f => f.Class).OrderBy(Severity).FirstOrDefault(FailureClass.None);
    }

    private static int Severity(FailureClass c) => c switch
    {
        FailureClass.Panic => 0,
        FailureClass.Oops => 1,
        FailureClass.Bug => 2,
        FailureClass.MemoryCorruption => 3,
        FailureClass.Locking => 4,
        FailureClass.AtomicSleep => 5,
        FailureClass.UndefinedBehaviour => 6,
        FailureClass.MemoryLeak => 7,
        FailureClass.Hang => 8,
        FailureClass.Warning => 9,
        _ => 10,
    };

    private static bool EndsAtRule(KernelLogPattern p) => p.Name is "KASAN" or "KFENCE" or "UBSAN";

    private static bool IsFramedByRule(KernelLogPattern p) => EndsAtRule(p) || p.Class == FailureClass.Locking;

    // floor: the first line after the previous finding's block, so blocks never overlap.
    private static int BlockStart(List<KernelLogLine> kernel, int i, KernelLogPattern pattern, int floor)
    {
        if (i == floor)
        {
            return i;
        }

        var previous = kernel[i - 1].Message!;
        if (KernelLogPatterns.CutHere.IsMatch(previous) || (IsFramedByRule(pattern) && KernelLogPatterns.Rule.IsMatch(previous)))
        {
            return i - 1;
        }

        // A bare call trace (dump_stack) starts at its "CPU: .. PID: .." / "Hardware name:" header.
        var start = i;
        while (pattern.Name == "Call Trace:" && start > floor && i - start < 3
            && KernelLogPatterns.StackHeader.IsMatch(kernel[start - 1].Message!))
        {
            start--;
        }

        return start;
    }

    private static int BlockEnd(List<KernelLogLine> kernel, int start, int i, KernelLogPattern pattern)
    {
        var end = i;
        var traced = pattern.Name == "Call Trace:";
        for (var j = i + 1; j < kernel.Count && j - start < MaxBlockLines; j++)
        {
            var message = kernel[j].Message!;

            // One report has one stack: a second trace or stack header after it is the next dump_stack().
            var isTrace = message.StartsWith("Call Trace:", StringComparison.Ordinal);
            if (traced && (isTrace || KernelLogPatterns.StackHeader.IsMatch(message)))
            {
                return end;
            }

            traced |= isTrace;
            if (KernelLogPatterns.EndMarker.IsMatch(message) || (EndsAtRule(pattern) && KernelLogPatterns.Rule.IsMatch(message)))
            {
                return j;
            }

            var gap = kernel[j].Seconds - kernel[j - 1].Seconds;
            if (gap > MaxGapSeconds || KernelLogPatterns.CutHere.IsMatch(message)
                || (KernelLogPatterns.Match(message) is not null && !KernelLogPatterns.Continuation.IsMatch(message)))
            {
                return end;
            }

            end = j;
            // A panic's trace is followed by "Kernel Offset" and, unless panic=-1 reboots first, its end marker;
            // a KASAN or KFENCE report's by the allocation and free stacks, up to its closing rule.
            if (message.Trim() == "</TASK>" && pattern.Class != FailureClass.Panic && !EndsAtRule(pattern) && !EndMarkerFollows(kernel, j))
            {
                return end;
            }
        }

        return end;
    }

    // An oops prints "Modules linked in", "CR2" and then the end marker after the call trace's </TASK>.
    private static bool EndMarkerFollows(List<KernelLogLine> kernel, int j)
    {
        for (var k = j + 1; k < kernel.Count && k <= j + 4; k++)
        {
            var message = kernel[k].Message!;
            if (KernelLogPatterns.EndMarker.IsMatch(message))
            {
                return true;
            }

            if (KernelLogPatterns.Match(message) is not null || KernelLogPatterns.CutHere.IsMatch(message))
            {
                return false;
            }
        }

        return false;
    }

    private static string DedupeKey(KernelLogFinding finding)
    {
        var messages = finding.Block.Split('\n').Select(l => KernelLogLine.Parse(0, l).Message ?? l).ToList();

        // A bare call trace says nothing on its report line; the stack itself tells two of them apart.
        var identity = finding.Pattern == "Call Trace:"
            ? string.Join('\n', messages)
            : messages.FirstOrDefault(m => KernelLogPatterns.Match(m) is not null) ?? finding.Block;
        return $"{finding.Class}\u0000{Counters().Replace(identity, "<n>")}";
    }

    [GeneratedRegex(@"(?<=blocked for more than )\d+|(?<=stuck for )\d+(?=s!)", RegexOptions.CultureInvariant)]
    private static partial Regex Counters();
}
