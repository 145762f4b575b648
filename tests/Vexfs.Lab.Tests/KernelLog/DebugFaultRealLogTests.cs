using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// Each debug-only fault of the catalogue on the real 6.1-debug kernel (FaultMatrix, session 7): the dmesg the kit
// read at the end of the run, scanned as the run scanned it.
public sealed class DebugFaultRealLogTests
{
    public static TheoryData<string, FailureClass, string> Reports => new()
    {
        { "uaf-in-search", FailureClass.MemoryCorruption, "BUG: KASAN: use-after-free in vexfs_ioctl" },
        { "kmalloc-overflow", FailureClass.MemoryCorruption, "BUG: KFENCE: out-of-bounds write in vexfs_control_ioctl" },
        { "double-free", FailureClass.MemoryCorruption, "BUG: KASAN: double-free in __kmem_cache_free" },
        { "lock-inversion", FailureClass.Locking, "WARNING: possible circular locking dependency detected" },
        { "sleep-in-atomic", FailureClass.AtomicSleep, "BUG: sleeping function called from invalid context" },
        { "ubsan-bounds", FailureClass.UndefinedBehaviour, "UBSAN: array-index-out-of-bounds in /build/vexfs/fault.h" },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public void The_fault_is_found_with_its_class_and_report_line(string fault, FailureClass expected, string reportLine)
    {
        // Merged as a run merges its logs: the two identical atomic-sleep reports (two status ioctls) are one finding.
        var findings = KernelLogScanner.ScanRun(null, DebugKernelFixtures.Read($"{fault}.dmesg.log"));

        Assert.Equal(expected, KernelLogScanner.ClassifyVerdict(findings));
        var finding = Assert.Single(findings, f => f.Block.Contains(reportLine, StringComparison.Ordinal));
        Assert.Equal(expected, finding.Class);
        Assert.Contains("[vexfs]", finding.Block, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uaf-in-search", "Read of size 1 at addr")]
    [InlineData("double-free", "Free of addr")]
    public void A_kasan_block_keeps_the_access_and_the_allocation_and_free_stacks(string fault, string access)
    {
        var finding = Assert.Single(KernelLogScanner.Scan(DebugKernelFixtures.Read($"{fault}.dmesg.log"), KernelLogScanner.DmesgSource));

        Assert.Contains(access, finding.Block, StringComparison.Ordinal);
        Assert.Contains("Allocated by task", finding.Block, StringComparison.Ordinal);
        Assert.Contains("Freed by task", finding.Block, StringComparison.Ordinal);
        Assert.EndsWith("==================================================================", finding.Block.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void One_byte_past_a_kmalloc_buffer_is_seen_by_kfence_and_then_by_kasan()
    {
        var findings = KernelLogScanner.Scan(DebugKernelFixtures.Read("kmalloc-overflow.dmesg.log"), KernelLogScanner.DmesgSource);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FailureClass.MemoryCorruption, f.Class));
        Assert.Contains("BUG: KASAN: slab-out-of-bounds in vexfs_control_ioctl", findings[1].Block, StringComparison.Ordinal);
        Assert.Contains("Write of size 1", findings[1].Block, StringComparison.Ordinal);
        Assert.Contains("Allocated by task", findings[1].Block, StringComparison.Ordinal);
    }
}
