namespace Vexfs.Reports.Bench;

/// <summary>What the Benchmark target measured: artifacts/bench/loop.json.</summary>
/// <param name="Naive">Cold systemd boot, module built in the guest, the full checks.</param>
/// <param name="FastFirst">Saved-state restore and host build, first time (it may save the state and make the build root).</param>
/// <param name="Edit">The fast path again right after a one-line change in the module: the edit → verdict loop.</param>
/// <param name="WarmMatrix">Every catalog series on the fast path, after a warm-up pass; empty when skipped.</param>
public sealed record LoopBenchmarkReport(
    DateTimeOffset StartedAt,
    string Accelerator,
    int HostCores,
    LoopRunTiming Naive,
    LoopRunTiming FastFirst,
    LoopRunTiming Edit,
    double? HostCheckNoChangeSeconds,
    double? ColdImageSeconds,
    IReadOnlyList<LoopRunTiming> WarmMatrix,
    double? WarmMatrixSeconds)
{
    /// <summary>Issue #5's goals (TCG, 2 cores, warm image cache) against these measurements.</summary>
    public IReadOnlyList<GoalResult> Goals
    {
        get
        {
            var ready = Edit.PhaseSeconds(PhaseNames.Boot);
            var coldBoot = Naive.PhaseSeconds(PhaseNames.Boot);
            return
            [
                new("guest ready (restore to SSH answering)", ready, "s", "<=", 1.5),
                new("guest ready speed-up over the cold boot", Ratio(coldBoot, ready), "x", ">=", 8),
                new("one-line change to VmIntegration verdict", Edit.Verdict == Verdict.Passed ? Edit.TotalSeconds : null, "s", "<=", 25),
                new("edit loop speed-up over the naive path", Ratio(Naive.TotalSeconds, Edit.TotalSeconds), "x", ">=", 4),
                new("warm matrix over every catalog kernel", WarmMatrix.All(r => r.Verdict == Verdict.Passed) ? WarmMatrixSeconds : null, "s", "<=", 90),
                new("HostCheck with nothing changed", HostCheckNoChangeSeconds, "s", "<=", 10),
            ];
        }
    }

    public static double? Ratio(double? slow, double? fast) =>
        slow is { } s && fast is { } f && f > 0 ? Math.Round(s / f, 1) : null;
}
