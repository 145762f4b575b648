using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// Every expectation here was read off the real logs in Fixtures/kernel-logs.
public class KernelLogScannerFixtureTests
{
    [Theory]
    [InlineData("clean.console.log")]
    [InlineData("clean.dmesg.log")]
    public void Clean_boot_with_userspace_warnings_has_no_finding(string fixture)
    {
        var text = KernelLogFixtures.Read(fixture);
        Assert.Contains("systemd[1]: WARNING:", text, StringComparison.Ordinal);

        Assert.Empty(KernelLogScanner.Scan(text, "console"));
    }

    [Theory]
    [InlineData("warn", FailureClass.Warning, "WARNING:", 360, "------------[ cut here ]------------", "---[ end trace 0000000000000000 ]---", 46)]
    [InlineData("null", FailureClass.Oops, "BUG: kernel NULL pointer dereference", 361, "BUG: kernel NULL pointer dereference, address: 0000000000000000", "---[ end trace 0000000000000000 ]---", 46)]
    [InlineData("gpf", FailureClass.Oops, "general protection fault", 360, "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI", "---[ end trace 0000000000000000 ]---", 36)]
    [InlineData("bug", FailureClass.Bug, "kernel BUG at", 359, "------------[ cut here ]------------", "---[ end trace 0000000000000000 ]---", 48)]
    public void Single_report_is_found_with_its_whole_block(string name, FailureClass cls, string pattern, int line,
        string first, string last, int lines)
    {
        var finding = Assert.Single(KernelLogScanner.Scan(KernelLogFixtures.Read($"{name}.console.log"), "console"));

        Assert.Equal(cls, finding.Class);
        Assert.Equal(pattern, finding.Pattern);
        Assert.Equal("console", finding.Source);
        Assert.Equal(line, finding.Line);
        var block = finding.Block.Split('\n');
        Assert.Equal(lines, block.Length);
        Assert.EndsWith(first, block[0], StringComparison.Ordinal);
        Assert.EndsWith(last, block[^1], StringComparison.Ordinal);
        Assert.Contains(block, l => l.EndsWith("Call Trace:", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', finding.Block);
    }

    [Fact]
    public void Oops_block_keeps_its_report_and_oops_lines_together()
    {
        var finding = Assert.Single(KernelLogScanner.Scan(KernelLogFixtures.Read("null.console.log"), "console"));

        Assert.Contains("Oops: 0000 [#1] PREEMPT SMP NOPTI", finding.Block, StringComparison.Ordinal);
        Assert.Contains("RIP: 0010:faultmod_init+0x62/0x1000 [faultmod]", finding.Block, StringComparison.Ordinal);
        // The shell's "Killed" is userspace output and is not quoted.
        Assert.DoesNotContain("Killed", finding.Block, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_bug_quotes_the_source_line_and_invalid_opcode()
    {
        var finding = Assert.Single(KernelLogScanner.Scan(KernelLogFixtures.Read("bug.dmesg.log"), "dmesg"));

        Assert.Contains("kernel BUG at /build/faultmod/faultmod.c:31!", finding.Block, StringComparison.Ordinal);
        Assert.Contains("invalid opcode: 0000 [#1]", finding.Block, StringComparison.Ordinal);
        Assert.Equal("dmesg", finding.Source);
    }

    [Fact]
    public void Root_fs_panic_is_a_panic_up_to_the_kernel_offset_line()
    {
        var finding = Assert.Single(KernelLogScanner.Scan(KernelLogFixtures.Read("panic.console.log"), "console"));

        Assert.Equal(FailureClass.Panic, finding.Class);
        Assert.Equal(348, finding.Line);
        var block = finding.Block.Split('\n');
        Assert.EndsWith("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", block[0], StringComparison.Ordinal);
        Assert.Contains("Kernel Offset: ", block[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Hung_task_is_found_every_interval_and_merged_to_one()
    {
        var findings = KernelLogScanner.Scan(KernelLogFixtures.Read("hang.console.log"), "console");

        Assert.Equal(7, findings.Count);
        Assert.All(findings, f => Assert.Equal(FailureClass.Hang, f.Class));
        Assert.All(findings, f => Assert.EndsWith("</TASK>", f.Block, StringComparison.Ordinal));
        Assert.EndsWith("INFO: task insmod:84 blocked for more than 5 seconds.", findings[0].Block.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(27, findings[0].Block.Split('\n').Length);
        Assert.Single(KernelLogScanner.Merge(findings));
    }

    [Fact]
    public void Soft_lockup_is_a_hang_and_the_stall_timeout_boot_line_is_not()
    {
        var text = KernelLogFixtures.Read("lockup.console.log");
        Assert.Contains("RCU CPU stall warnings timeout set to 5", text, StringComparison.Ordinal);

        var findings = KernelLogScanner.Scan(text, "console");

        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(("soft lockup", FailureClass.Hang), (f.Pattern, f.Class)));
        Assert.EndsWith("watchdog: BUG: soft lockup - CPU#0 stuck for 9s! [insmod:84]", findings[0].Block.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Rcu_stall_and_soft_lockup_are_separate_findings()
    {
        var findings = KernelLogScanner.Scan(KernelLogFixtures.Read("rcustall.dmesg.log"), "dmesg");

        Assert.Equal(["soft lockup", "rcu stall", "soft lockup", "rcu stall"], findings.Select(f => f.Pattern));
        Assert.EndsWith("rcu: INFO: rcu_preempt self-detected stall on CPU", findings[1].Block.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("rcu: INFO", findings[0].Block, StringComparison.Ordinal);
        Assert.Equal(2, KernelLogScanner.Merge(findings).Count);
    }

    [Theory]
    [InlineData("warn", FailureClass.Warning)]
    [InlineData("null", FailureClass.Oops)]
    [InlineData("gpf", FailureClass.Oops)]
    [InlineData("bug", FailureClass.Bug)]
    [InlineData("hang", FailureClass.Hang)]
    [InlineData("lockup", FailureClass.Hang)]
    [InlineData("rcustall", FailureClass.Hang)]
    [InlineData("clean", FailureClass.None)]
    public void Console_and_dmesg_agree_and_merge_without_duplicates(string name, FailureClass verdict)
    {
        var console = KernelLogScanner.Scan(KernelLogFixtures.Read($"{name}.console.log"), "console");
        var dmesg = KernelLogScanner.Scan(KernelLogFixtures.Read($"{name}.dmesg.log"), "dmesg");

        Assert.Equal(console.Select(f => f.Block), dmesg.Select(f => f.Block));
        var merged = KernelLogScanner.Merge(console, dmesg);
        Assert.All(merged, f => Assert.Equal("console", f.Source));
        Assert.Equal(KernelLogScanner.Merge(console).Count, merged.Count);
        Assert.Equal(verdict, KernelLogScanner.ClassifyVerdict(merged));
    }

    [Fact]
    public void ScanRun_merges_console_and_dmesg_and_accepts_a_missing_log()
    {
        var console = KernelLogFixtures.Read("hang.console.log");
        var dmesg = KernelLogFixtures.Read("hang.dmesg.log");

        var finding = Assert.Single(KernelLogScanner.ScanRun(console, dmesg));
        Assert.Equal((FailureClass.Hang, KernelLogScanner.ConsoleSource), (finding.Class, finding.Source));
        Assert.Equal(KernelLogScanner.DmesgSource, Assert.Single(KernelLogScanner.ScanRun(null, dmesg)).Source);
        Assert.Empty(KernelLogScanner.ScanRun(null, null));
    }

    [Fact]
    public void Every_fixture_is_scanned_without_error_and_only_clean_is_clean()
    {
        foreach (var fixture in KernelLogFixtures.All())
        {
            var findings = KernelLogScanner.Scan(KernelLogFixtures.Read(fixture), "console");
            Assert.True(fixture.StartsWith("clean.", StringComparison.Ordinal) == (findings.Count == 0), fixture);
            Assert.All(findings, f => Assert.InRange(f.Block.Split('\n').Length, 1, KernelLogScanner.MaxBlockLines));
        }
    }
}
