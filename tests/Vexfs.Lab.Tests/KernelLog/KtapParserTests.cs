using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// KTAP as KUnit of 6.1 prints a module's suites to the kernel log (suite indented by four spaces, its own
// result unindented), timestamps included.
public sealed class KtapParserTests
{
    private static string Log(params string[] lines) => string.Join('\n', lines.Select((l, i) => $"[   50.{i:D6}] {l}")) + "\n";

    [Fact]
    public void Passing_suite_gives_every_case()
    {
        var summary = KtapParser.Parse(Log(
            "vexfs: loading",
            "    KTAP version 1",
            "    # Subtest: vexfs-blockmap",
            "    1..2",
            "    ok 1 vexfs_test_path_direct",
            "    ok 2 vexfs_test_path_indirect",
            "# vexfs-blockmap: pass:2 fail:0 skip:0 total:2",
            "ok 1 vexfs-blockmap"));

        Assert.NotNull(summary);
        Assert.Equal((2, 0, 0), (summary.Passed, summary.Failed, summary.Skipped));
        Assert.Equal(["vexfs-blockmap.vexfs_test_path_direct", "vexfs-blockmap.vexfs_test_path_indirect"], summary.Tests.Select(t => t.Name));
        Assert.All(summary.Tests, t => Assert.Equal("vexfs-blockmap", t.ClassName));
    }

    [Fact]
    public void Failed_case_carries_its_diagnostics_and_skips_are_skipped()
    {
        var summary = KtapParser.Parse(Log(
            "    KTAP version 1",
            "    # Subtest: vexfs-search",
            "    1..3",
            "    # vexfs_test_order_ties: EXPECTATION FAILED at fs/vexfs/kunit/search_kunit.c:44",
            "    Expected r[0].ino == (u64)1, but",
            "        r[0].ino == 7 (0x7)",
            "    not ok 1 vexfs_test_order_ties",
            "    ok 2 vexfs_test_distance_dot # SKIP no dot product today",
            "    ok 3 vexfs_test_distance_l2",
            "not ok 1 vexfs-search"))!;

        Assert.Equal((1, 1, 1), (summary.Passed, summary.Failed, summary.Skipped));
        var failed = Assert.Single(summary.Tests, t => t.Status == PhaseStatus.Failed);
        Assert.Equal("vexfs-search.vexfs_test_order_ties", failed.Name);
        Assert.Contains("EXPECTATION FAILED at fs/vexfs/kunit/search_kunit.c:44", failed.Message, StringComparison.Ordinal);
        Assert.Equal(PhaseStatus.Skipped, summary.Tests.Single(t => t.Name.EndsWith("distance_dot", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public void Crash_mid_suite_fails_every_missing_case()
    {
        var summary = KtapParser.Parse(Log(
            "    KTAP version 1",
            "    # Subtest: vexfs-search",
            "    1..4",
            "    ok 1 vexfs_test_distance_l2",
            "BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "Oops: 0002 [#1] PREEMPT SMP KASAN NOPTI"))!;

        Assert.Equal((1, 3), (summary.Passed, summary.Failed));
        Assert.Equal(["vexfs-search.case 2", "vexfs-search.case 3", "vexfs-search.case 4"],
            summary.Tests.Where(t => t.Status == PhaseStatus.Failed).Select(t => t.Name));
        Assert.All(summary.Tests.Where(t => t.Status == PhaseStatus.Failed), t => Assert.Contains("crash mid-suite", t.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Nested_parameterised_case_counts_once_in_its_parent_and_reports_its_children()
    {
        var summary = KtapParser.Parse(Log(
            "    # Subtest: vexfs-search",
            "    1..2",
            "        # Subtest: vexfs_test_metrics",
            "        1..2",
            "        ok 1 l2",
            "        not ok 2 dot",
            "    not ok 1 vexfs_test_metrics",
            "    ok 2 vexfs_test_order_ties",
            "not ok 1 vexfs-search"))!;

        Assert.Equal(
            ["vexfs-search.vexfs_test_metrics.l2", "vexfs-search.vexfs_test_metrics.dot", "vexfs-search.vexfs_test_order_ties"],
            summary.Tests.Select(t => t.Name));
        Assert.Equal((2, 1), (summary.Passed, summary.Failed));
    }

    [Fact]
    public void Unindented_suite_closes_on_the_result_after_its_plan()
    {
        var summary = KtapParser.Parse(Log(
            "# Subtest: vexfs-blockmap",
            "1..1",
            "ok 1 vexfs_test_path_direct",
            "ok 1 vexfs-blockmap"))!;

        Assert.Equal("vexfs-blockmap.vexfs_test_path_direct", Assert.Single(summary.Tests).Name);
    }

    [Fact]
    public void A_log_without_ktap_has_no_kunit_summary() =>
        Assert.Null(KtapParser.Parse(Log("vexfs: loading", "ok 1 something that is not ktap")));
}
