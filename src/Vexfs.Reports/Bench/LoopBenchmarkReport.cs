namespace Vexfs.Reports.Bench;

/// <summary>What the Benchmark target measured: artifacts/bench/loop.json.</summary>
/// <param name="Naive">Cold systemd boot, module built in the guest, the full checks.</param>
/// <param name="FastFirst">Saved-state restore and host build, first time (it may save the state and make the build root).</param>
/// <param name="Edit">The fast path again right after a one-line change in the module: the edit → verdict loop.</param>
/// <param name="WarmMatrix">Every catalog series on the fast path, after a warm-up pass; empty when skipped.</param>
/// <param name="StockBootSeconds">A plain guest of the same image, cold-booted to its first SSH command answered: the bar.</param>
/// <param name="EditCommandSeconds">The whole `./build.sh VmIntegration` after a one-line edit, as a developer waits for it.</param>
/// <param name="WarmMatrixParallelSeconds">The warm matrix again, two kernels side by side (--parallel 2).</param>
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
    double? WarmMatrixSeconds,
    double? StockBootSeconds = null,
    double? EditCommandSeconds = null,
    double? WarmMatrixParallelSeconds = null)
{
    /// <summary>The loop's goals (issue #17; TCG, 2 cores, warm image cache) against these measurements.</summary>
    public IReadOnlyList<GoalResult> Goals
    {
        get
        {
            var ready = Edit.PhaseSeconds(PhaseNames.Boot);
            var coldBoot = Naive.PhaseSeconds(PhaseNames.Boot);
            var verdict = Edit.Verdict == Verdict.Passed ? EditCommandSeconds ?? Edit.TotalSeconds : (double?)null;
            var matrixPassed = WarmMatrix.All(r => r.Verdict == Verdict.Passed);
            return
            [
                new("guest ready (restore to SSH answering)", ready, "s", "<=", 1.0),
                new("guest ready speed-up over the cold boot", Ratio(coldBoot, ready), "x", ">=", 8),
                new("one-line change to VmIntegration verdict", verdict, "s", "<=", 12),
                new("that verdict against a stock guest's boot to SSH", verdict is { } v && StockBootSeconds is { } b && b > 0 ? Math.Round(v / b, 2) : null, "x", "<=", 1.0),
                new("edit loop speed-up over the naive path", Ratio(Naive.TotalSeconds, Edit.TotalSeconds), "x", ">=", 4),
                new("warm matrix over every catalog kernel, in turn", matrixPassed ? WarmMatrixSeconds : null, "s", "<=", 45),
                new("warm matrix over every catalog kernel, --parallel 2", matrixPassed ? WarmMatrixParallelSeconds : null, "s", "<=", 45),
                new("HostCheck with nothing changed", HostCheckNoChangeSeconds, "s", "<=", 10),
            ];
        }
    }

    public static double? Ratio(double? slow, double? fast) =>
        slow is { } s && fast is { } f && f > 0 ? Math.Round(s / f, 1) : null;
}
