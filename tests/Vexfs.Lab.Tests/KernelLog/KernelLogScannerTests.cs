using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// Edge cases in the kernel's own message formats (kernels with KASAN, lockdep, journal output are not
// among the recorded fixtures), written line by line as printk emits them.
public class KernelLogScannerTests
{
    private static string Log(params string[] lines) => string.Join('\n', lines) + "\n";

    [Fact]
    public void Userspace_lines_are_never_reports()
    {
        var text = Log(
            "WARNING: this line has no printk timestamp",
            "[    5.100000] systemd[1]: WARNING: unit vexfs.mount is deprecated",
            "[    5.200000] vexfs: WARNING: dimension 0 in superblock, using 128",
            "[    5.300000] Kernel command line: console=ttyS0 panic=-1 oops=panic",
            "[    5.400000] \tRCU CPU stall warnings timeout set to 21 (rcu_cpu_stall_timeout).",
            "Nov 25 12:00:01 guest systemd[1]: Kernel panic test finished",
            "BUG: printed by a shell script");

        Assert.Empty(KernelLogScanner.Scan(text, "console"));
    }

    [Fact]
    public void Serial_noise_carriage_returns_and_ansi_colours_are_removed()
    {
        var text = "\u001b[0;32m  OK  \u001b[0m] Started foo.\r\n"
            + "Starting bar...[   12.345678] WARNING: CPU: 1 PID: 7 at fs/vexfs/super.c:10 vexfs_fill_super+0x1/0x2 [vexfs]\r\n"
            + "[   12.345700] Call Trace:\r\n"
            + "[   12.345800] ---[ end trace 0000000000000000 ]---\r\n";

        var f = Assert.Single(KernelLogScanner.Scan(text, "console"));

        Assert.Equal(FailureClass.Warning, f.Class);
        Assert.Equal(2, f.Line);
        Assert.Equal(3, f.Block.Split('\n').Length);
        Assert.DoesNotContain('\r', f.Block);
        Assert.DoesNotContain('\u001b', f.Block);
    }

    [Fact]
    public void Journal_and_human_time_formats_are_kernel_lines()
    {
        var text = Log(
            "Nov 25 12:00:01 guest kernel: BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "Nov 25 12:00:01 guest kernel: Oops: 0000 [#1] PREEMPT SMP NOPTI",
            "Nov 25 12:00:01 guest kernel: ---[ end trace 0000000000000000 ]---",
            "[Wed Nov 25 12:00:09 2026] INFO: task vexctl:311 blocked for more than 120 seconds.");

        var findings = KernelLogScanner.Scan(text, "dmesg");

        Assert.Equal([FailureClass.Oops, FailureClass.Hang], findings.Select(f => f.Class));
        Assert.Equal(3, findings[0].Block.Split('\n').Length);
        Assert.Equal(4, findings[1].Line);
    }

    [Fact]
    public void Kasan_report_runs_from_rule_to_rule()
    {
        var text = Log(
            "[   20.000000] ==================================================================",
            "[   20.000001] BUG: KASAN: slab-use-after-free in vexfs_search+0x10/0x200 [vexfs]",
            "[   20.000002] Read of size 1 at addr ffff888004a1b2c0 by task vexctl/321",
            "[   20.000003] Call Trace:",
            "[   20.000004] ==================================================================",
            "[   20.000005] Disabling lock debugging due to kernel taint");

        var f = Assert.Single(KernelLogScanner.Scan(text, "dmesg"));

        Assert.Equal((FailureClass.MemoryCorruption, "KASAN", 1), (f.Class, f.Pattern, f.Line));
        Assert.Equal(5, f.Block.Split('\n').Length);
    }

    [Theory]
    [InlineData("WARNING: possible circular locking dependency detected", "possible circular locking", FailureClass.Locking)]
    [InlineData("WARNING: inconsistent lock state", "inconsistent lock state", FailureClass.Locking)]
    [InlineData("UBSAN: shift-out-of-bounds in fs/vexfs/vector.c:42:11", "UBSAN", FailureClass.UndefinedBehaviour)]
    [InlineData("BUG: KFENCE: out-of-bounds read in vexfs_read+0x1/0x2 [vexfs]", "KFENCE", FailureClass.MemoryCorruption)]
    [InlineData("BUG: unable to handle page fault for address: ffffc90000a00000", "BUG: unable to handle page fault", FailureClass.Oops)]
    [InlineData("BUG: sleeping function called from invalid context at mm/slab.h:712", "sleeping function called from invalid context", FailureClass.AtomicSleep)]
    [InlineData("BUG: scheduling while atomic: vexctl/321/0x00000002", "scheduling while atomic", FailureClass.AtomicSleep)]
    [InlineData("WARNING: possible recursive locking detected", "possible recursive locking", FailureClass.Locking)]
    [InlineData("BUG: KASAN: double-free in vexfs_fault_status_ioctl+0x1/0x2 [vexfs]", "KASAN", FailureClass.MemoryCorruption)]
    [InlineData("INFO: rcu_sched detected stalls on CPUs/tasks:", "rcu stall", FailureClass.Hang)]
    [InlineData("Kernel panic - not syncing: Fatal exception", "Kernel panic", FailureClass.Panic)]
    public void Report_lines_get_their_class(string message, string pattern, FailureClass cls)
    {
        var f = Assert.Single(KernelLogScanner.Scan(Log("[    1.000000] ok", $"[    2.000000] {message}"), "console"));

        Assert.Equal((cls, pattern, 2), (f.Class, f.Pattern, f.Line));
    }

    [Fact]
    public void Lockdep_report_starts_at_its_rule()
    {
        var f = Assert.Single(KernelLogScanner.Scan(Log(
            "[    3.000000] ======================================================",
            "[    3.000001] WARNING: possible circular locking dependency detected",
            "[    3.000002] 6.1.0-56-cloud-amd64 #1 Tainted: G           OE"), "dmesg"));

        Assert.Equal(1, f.Line);
        Assert.Equal(3, f.Block.Split('\n').Length);
    }

    [Fact]
    public void Bare_call_trace_is_a_warning_from_its_stack_header()
    {
        var f = Assert.Single(KernelLogScanner.Scan(Log(
            "[    4.000000] vexfs: dumping stack",
            "[    4.000001] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-56-cloud-amd64 #1",
            "[    4.000002] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
            "[    4.000003] Call Trace:",
            "[    4.000004]  <TASK>",
            "[    4.000005]  dump_stack_lvl+0x44/0x5c",
            "[    4.000006]  </TASK>",
            "[    4.000007] vexfs: module loaded"), "console"));

        Assert.Equal((FailureClass.Warning, "Call Trace:", 2), (f.Class, f.Pattern, f.Line));
        Assert.Equal(6, f.Block.Split('\n').Length);
    }

    [Fact]
    public void Different_bare_call_traces_are_not_merged_and_never_overlap_a_previous_block()
    {
        var findings = KernelLogScanner.Scan(Log(
            "[    4.000000] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-56-cloud-amd64 #1",
            "[    4.000001] Call Trace:",
            "[    4.000002]  vexfs_mount+0x44/0x5c",
            "[    4.000003] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-56-cloud-amd64 #1",
            "[    4.000004] Call Trace:",
            "[    4.000005]  vexfs_search+0x10/0x20"), "console");

        Assert.Equal([1, 4], findings.Select(f => f.Line));
        Assert.Equal(2, KernelLogScanner.Merge(findings).Count);
    }

    [Fact]
    public void Block_ends_at_a_pause_in_timestamps_and_at_the_line_cap()
    {
        var gap = KernelLogScanner.Scan(Log(
            "[    5.000000] WARNING: CPU: 0 PID: 9 at x.c:1 f+0x1/0x2",
            "[    5.000100] Modules linked in: vexfs(OE)",
            "[    9.000000] vexfs: later message"), "console");
        Assert.Equal(2, Assert.Single(gap).Block.Split('\n').Length);

        var lines = Enumerable.Repeat("[    6.000000] WARNING: CPU: 0 PID: 9 at x.c:1 f+0x1/0x2", 1)
            .Concat(Enumerable.Range(1, 200).Select(i => $"[    6.{i:000000}]  frame_{i}+0x1/0x2"));
        var capped = Assert.Single(KernelLogScanner.Scan(Log([.. lines]), "console"));
        Assert.Equal(KernelLogScanner.MaxBlockLines, capped.Block.Split('\n').Length);
    }

    [Fact]
    public void Verdict_is_the_most_severe_class()
    {
        static KernelLogFinding F(FailureClass c) => new(c, c.ToString(), "console", 1, "x");

        Assert.Equal(FailureClass.None, KernelLogScanner.ClassifyVerdict([]));
        Assert.Equal(FailureClass.Warning, KernelLogScanner.ClassifyVerdict([F(FailureClass.Warning)]));
        Assert.Equal(FailureClass.Hang, KernelLogScanner.ClassifyVerdict([F(FailureClass.Warning), F(FailureClass.Hang)]));
        Assert.Equal(FailureClass.Bug, KernelLogScanner.ClassifyVerdict([F(FailureClass.Hang), F(FailureClass.Bug), F(FailureClass.Warning)]));
        Assert.Equal(FailureClass.Oops, KernelLogScanner.ClassifyVerdict([F(FailureClass.Bug), F(FailureClass.Oops)]));
        Assert.Equal(FailureClass.Panic, KernelLogScanner.ClassifyVerdict([F(FailureClass.Oops), F(FailureClass.Panic), F(FailureClass.Warning)]));
    }

    [Fact]
    public void Merge_keeps_distinct_warnings_from_different_sites()
    {
        var a = KernelLogScanner.Scan(Log("[    1.000000] WARNING: CPU: 0 PID: 9 at a.c:1 f+0x1/0x2"), "console");
        var b = KernelLogScanner.Scan(Log("[    2.000000] WARNING: CPU: 0 PID: 9 at b.c:7 g+0x1/0x2"), "dmesg");

        Assert.Equal(2, KernelLogScanner.Merge(a, b).Count);
        Assert.Single(KernelLogScanner.Merge(a, a));
    }
}
