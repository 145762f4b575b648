using Vexfs.Lab.Kernel;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Pipeline;

public sealed class KUnitResultsTests
{
    private static readonly KernelSeries Debug = KernelCatalog.Default.Resolve("6.1-debug");

    private static string Ktap(string secondCase) => string.Join('\n',
        "[   40.000001]     KTAP version 1",
        "[   40.000002]     # Subtest: vexfs-search",
        "[   40.000003]     1..2",
        "[   40.000004]     ok 1 vexfs_test_distance_l2",
        $"[   40.000005]     {secondCase} 2 vexfs_test_order_ties",
        "[   40.000006] ok 1 vexfs-search",
        "");

    [Fact]
    public void A_deliberately_failing_case_fails_the_run_with_class_test()
    {
        var state = new RunState(Debug, DateTimeOffset.UtcNow);

        var problem = KUnitResults.Apply(state, Ktap("not ok"));

        var report = state.ToReport([], TimeSpan.Zero, "mmdebstrap", "tcg");
        Assert.Equal("1 KUnit case(s) failed", problem);
        Assert.Equal((Verdict.Failed, FailureClass.Test), (report.Verdict, report.FailureClass));
        Assert.Contains("vexfs-search.vexfs_test_order_ties", report.FailureReason, StringComparison.Ordinal);
        Assert.Equal(2, report.KUnit!.Total);
        Assert.Contains("vexfs-search.vexfs_test_order_ties", JUnitReport.RenderText(report), StringComparison.Ordinal);
        Assert.Contains("\"kUnit\"", ReportJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_insmod_runs_the_suites_again_and_a_case_counts_once_failed_if_it_ever_failed()
    {
        var state = new RunState(Debug, DateTimeOffset.UtcNow);

        Assert.NotNull(KUnitResults.Apply(state, Ktap("ok") + Ktap("not ok") + Ktap("ok")));

        Assert.Equal((1, 1, 2), (state.KUnit!.Passed, state.KUnit.Failed, state.KUnit.Total));
    }

    [Fact]
    public void Passing_cases_leave_the_run_passed_and_are_still_reported()
    {
        var state = new RunState(Debug, DateTimeOffset.UtcNow);

        Assert.Null(KUnitResults.Apply(state, Ktap("ok")));

        var report = state.ToReport([], TimeSpan.Zero, "mmdebstrap", "tcg");
        Assert.Equal(Verdict.Passed, report.Verdict);
        Assert.Equal(2, report.KUnit!.Passed);
        Assert.Contains("KUnit (in the guest kernel)", MarkdownReport.Render(report), StringComparison.Ordinal);
    }
}

/// <summary>
/// A real failing KUnit run: the first vexfs-bitmap suite on 6.1-debug had a wrong expectation (it counted one
/// loop step too many), and the kit failed the run with class Test (Fixtures/kernel-logs/debug-6.1, leak-at-umount's dmesg).
/// </summary>
public sealed class KUnitRealFailureTests
{
    [Fact]
    public void The_real_failing_case_fails_the_run_and_every_case_is_reported()
    {
        var dmesg = Vexfs.Lab.Tests.KernelLog.DebugKernelFixtures.Read("leak-at-umount.dmesg.log");
        Assert.Contains("Expected steps == 3u, but", dmesg, StringComparison.Ordinal);
        var state = new RunState(KernelCatalog.Default.Resolve("6.1-debug"), DateTimeOffset.UtcNow);

        Assert.Equal("1 KUnit case(s) failed", KUnitResults.Apply(state, dmesg));

        var report = state.ToReport([], TimeSpan.Zero, "mmdebstrap", "tcg");
        Assert.Equal((Verdict.Failed, FailureClass.Test), (report.Verdict, report.FailureClass));
        Assert.Equal("KUnit: 1 of 10 case(s) failed: vexfs-bitmap.vexfs_test_scan_last_block_and_wrap", report.FailureReason);
        Assert.Equal((9, 1, 10), (report.KUnit!.Passed, report.KUnit.Failed, report.KUnit.Total));
        Assert.Equal(["vexfs-bitmap", "vexfs-blockmap", "vexfs-search"], report.KUnit.Tests.Select(t => t.ClassName).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains("vexfs-bitmap.vexfs_test_scan_last_block_and_wrap", JUnitReport.RenderText(report), StringComparison.Ordinal);
    }
}
