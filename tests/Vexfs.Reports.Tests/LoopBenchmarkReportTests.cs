using Vexfs.Reports.Bench;
using Xunit;

namespace Vexfs.Reports.Tests;

public sealed class LoopBenchmarkReportTests
{
    [Fact]
    public void Goals_compare_the_edit_loop_with_the_naive_one_and_a_stock_boot()
    {
        var report = Report(naiveBoot: 18, naiveTotal: 400, editBoot: 0.9, editTotal: 10, matrix: 40) with { StockBootSeconds = 12, EditCommandSeconds = 11.4, WarmMatrixParallelSeconds = 30 };
        var goals = report.Goals.ToDictionary(g => g.Goal);

        Assert.Equal(0.9, goals["guest ready (restore to SSH answering)"].Measured);
        Assert.True(goals["guest ready (restore to SSH answering)"].Met);
        Assert.Equal(20.0, goals["guest ready speed-up over the cold boot"].Measured);
        Assert.Equal(40.0, goals["edit loop speed-up over the naive path"].Measured);

        // The verdict is the whole command when it was timed, and it is compared with the stock boot.
        Assert.Equal(11.4, goals["one-line change to VmIntegration verdict"].Measured);
        Assert.True(goals["one-line change to VmIntegration verdict"].Met);
        Assert.Equal(0.95, goals["that verdict against a stock guest's boot to SSH"].Measured);
        Assert.True(goals["that verdict against a stock guest's boot to SSH"].Met);
        Assert.True(goals["warm matrix over every catalog kernel, in turn"].Met);
        Assert.True(goals["warm matrix over every catalog kernel, --parallel 2"].Met);
    }

    [Fact]
    public void A_slow_or_failed_loop_misses_its_goals()
    {
        var report = Report(naiveBoot: 18, naiveTotal: 400, editBoot: 2.5, editTotal: 30, matrix: 54, editVerdict: Verdict.Failed) with { HostCheckNoChangeSeconds = null, StockBootSeconds = 12 };
        var goals = report.Goals.ToDictionary(g => g.Goal);

        Assert.False(goals["guest ready (restore to SSH answering)"].Met);
        Assert.False(goals["guest ready speed-up over the cold boot"].Met);
        Assert.Null(goals["one-line change to VmIntegration verdict"].Measured); // a failed verdict is not a loop time
        Assert.False(goals["one-line change to VmIntegration verdict"].Met);
        Assert.Null(goals["that verdict against a stock guest's boot to SSH"].Measured);
        Assert.False(goals["warm matrix over every catalog kernel, in turn"].Met);
        Assert.False(goals["warm matrix over every catalog kernel, --parallel 2"].Met); // not measured
        Assert.False(goals["HostCheck with nothing changed"].Met); // not measured in this report
    }

    [Fact]
    public void Markdown_lists_every_phase_with_its_ratio_and_the_goals()
    {
        var md = LoopBenchmarkWriter.RenderMarkdown(Report(naiveBoot: 18, naiveTotal: 400, editBoot: 1.2, editTotal: 24, matrix: null));

        Assert.Contains("| boot | 18.0 s | 1.2 s | 15.0× |", md, StringComparison.Ordinal);
        Assert.Contains("| **total** | **400.0 s** | **24.0 s** | **16.7×** |", md, StringComparison.Ordinal);
        Assert.Contains("| warm matrix over every catalog kernel, in turn | not measured | <= 45 s | **no** |", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_round_trips_with_the_phase_times()
    {
        var dir = Directory.CreateTempSubdirectory("vexfs-bench-test-").FullName;
        try
        {
            await LoopBenchmarkWriter.WriteAsync(Report(18, 400, 1.2, 24, 80), dir, TestContext.Current.CancellationToken);
            var json = await File.ReadAllTextAsync(Path.Combine(dir, LoopBenchmarkWriter.JsonFileName), TestContext.Current.CancellationToken);
            Assert.Contains("\"hostCheckNoChangeSeconds\": 2.1", json, StringComparison.Ordinal);
            Assert.Contains("\"boot\": \"restore\"", json, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, LoopBenchmarkWriter.MarkdownFileName)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static LoopBenchmarkReport Report(double naiveBoot, double naiveTotal, double editBoot, double editTotal, double? matrix, Verdict editVerdict = Verdict.Passed)
    {
        var naive = Run("naive", "cold", "guest", Verdict.Passed, naiveTotal, (PhaseNames.Boot, naiveBoot), (PhaseNames.Build, 170));
        var edit = Run("edit", "restore", "host", editVerdict, editTotal, (PhaseNames.Boot, editBoot), (PhaseNames.Build, 4));
        var rows = matrix is null ? [] : new[] { Run("matrix-6.1", "restore", "host", Verdict.Passed, matrix.Value / 3, (PhaseNames.Boot, 1.3)) };
        return new LoopBenchmarkReport(
            new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero), "tcg", 2, naive, edit with { Name = "fast-first" }, edit,
            matrix is null ? null : 2.1, null, rows, matrix);
    }

    private static LoopRunTiming Run(string name, string boot, string build, Verdict verdict, double total, params (string Phase, double Seconds)[] phases) =>
        new(name, "6.1", "6.1.0-50-cloud-amd64", boot, build, verdict, verdict == Verdict.Passed ? null : "smoke failed", total,
            [.. phases.Select(p => new PhaseResult(p.Phase, PhaseStatus.Passed, TimeSpan.FromSeconds(p.Seconds)))]);
}
