using Vexfs.Reports;

namespace Vexfs.Lab.Fuzz;

/// <summary>How a case ended: clean, a kernel report (warning, oops; the guest lived on), a lost guest (crash, or a hang: a lockup report or the deadline).</summary>
public enum FuzzVerdict
{
    Clean,
    Reported,
    Crashed,
    Hung,
}

/// <summary>A finished case: its verdict, the kernel reports quoted from its part of the console, its workload output.</summary>
public sealed record FuzzOutcome(FuzzCase Case, FuzzVerdict Verdict, IReadOnlyList<KernelLogFinding> Findings, string Output, string? Detail = null)
{
    public bool Failed => Verdict != FuzzVerdict.Clean;

    /// <summary>The first report's own line ("WARNING: CPU: 0 PID: 432 at fs/inode.c:332 drop_nlink+0x25/0x40"), or why the guest was lost.</summary>
    public string Headline => Findings.Count > 0
        ? Findings[0].Block.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^\[\s*\d+\.\d+\]\s*", "")).FirstOrDefault(l => l.Contains(Findings[0].Pattern.TrimEnd(':'), StringComparison.Ordinal)) ?? Findings[0].Pattern
        : Detail?.Split('\n')[0] ?? "";

    /// <summary>The headline without what differs between two reports of one bug (CPU, PID, offsets in a deadline message).</summary>
    public string Signature => System.Text.RegularExpressions.Regex.Replace(Headline, @"CPU#?:? ?\d+|PID: \d+|\d+ s|\[\w+:\d+\]", "");
}

/// <summary>How the cases reach the guest: the host writes them into regions of the guest's second disk, or copies files in over SSH.</summary>
public enum FuzzAttach
{
    Disk,
    Copy,
}

/// <summary>What a fuzz run does: which cases, how many per SSH round trip, each case's deadline, where reproducers go.</summary>
public sealed record FuzzOptions(int Cases, int Seed, string ArtifactsDirectory)
{
    public int FirstCase { get; init; }

    public int BatchSize { get; init; } = 24;

    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public FuzzAttach Attach { get; init; } = FuzzAttach.Disk;

    /// <summary>The size of each case's image (and of a region of the guest's second disk).</summary>
    public long ImageBytes { get; init; } = 2L << 20;

    public string ReproducerDirectory => Path.Combine(ArtifactsDirectory, "fuzz");
}

/// <summary>The run's totals; <see cref="CasesPerMinute"/> counts the fuzzing time only (not the first boot and populate).</summary>
public sealed record FuzzSummary(IReadOnlyList<FuzzOutcome> Outcomes, int GuestsReplaced, TimeSpan Setup, TimeSpan Fuzzing, IReadOnlyList<string> Reproducers)
{
    public int Failed => Outcomes.Count(o => o.Failed);

    public int Clean => Outcomes.Count - Failed;

    public double CasesPerMinute => Fuzzing.TotalMinutes > 0 ? Outcomes.Count / Fuzzing.TotalMinutes : 0;

    public int Count(FuzzVerdict verdict) => Outcomes.Count(o => o.Verdict == verdict);

    /// <summary>The failing cases grouped by what the kernel said: one bug is usually found by many cases.</summary>
    public IReadOnlyList<IGrouping<string, FuzzOutcome>> DistinctReports() => [.. Outcomes.Where(o => o.Failed).GroupBy(o => o.Signature, StringComparer.Ordinal).OrderByDescending(g => g.Count())];
}
