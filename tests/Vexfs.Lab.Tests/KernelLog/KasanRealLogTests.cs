using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// A real KASAN report from the 6.1-debug kernel's own boot (an early interrupt, 6 ms in, before vexfs was
// loaded): the boot phase discards such a boot instead of saving it, and the scanner must see it whole.
public sealed class KasanRealLogTests
{
    [Fact]
    public void A_boot_time_kasan_report_is_one_memory_corruption_finding_from_rule_to_rule()
    {
        var findings = KernelLogScanner.Scan(DebugKernelFixtures.Read("boot-kasan-wild-access.dmesg.log"), KernelLogScanner.DmesgSource);

        var finding = Assert.Single(findings);
        Assert.Equal(FailureClass.MemoryCorruption, finding.Class);
        Assert.Contains("BUG: KASAN: wild-memory-access in do_raw_spin_lock+0x11a/0x270", finding.Block, StringComparison.Ordinal);
        Assert.Contains("Write of size 4 at addr ff1100000105a0a8 by task swapper/0/0", finding.Block, StringComparison.Ordinal);
        Assert.Contains("identify_boot_cpu", finding.Block, StringComparison.Ordinal);
        Assert.DoesNotContain("Disabling lock debugging", finding.Block, StringComparison.Ordinal);
        Assert.DoesNotContain("vexfs", finding.Block, StringComparison.Ordinal);
    }
}
