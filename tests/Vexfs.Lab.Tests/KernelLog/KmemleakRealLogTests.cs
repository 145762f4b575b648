using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// The leak-at-umount fault on the real 6.1-debug kernel: /sys/kernel/debug/kmemleak after umount, rmmod and two
// scans, and /proc/modules as the kit read it while vexfs was loaded.
public sealed class KmemleakRealLogTests
{
    [Fact]
    public void Leak_after_rmmod_is_attributed_to_vexfs_by_the_recorded_range_not_the_hashed_pointer()
    {
        var text = DebugKernelFixtures.Read("leak-at-umount.kmemleak.log");
        // After rmmod the module's frame has no symbol, and the bracket is %p's hash, not the address.
        Assert.Contains("[<00000000026ee5f9>] 0xffffffffc03f9c62", text, StringComparison.Ordinal);
        var range = ModuleAddressRange.FromProcModules(DebugKernelFixtures.Read("leak-at-umount.proc-modules.log"), "vexfs");
        Assert.Equal(new ModuleAddressRange("vexfs", 0xffffffffc03f8000, 180224), range);

        var leak = Assert.Single(KmemleakReport.Parse(text, range));

        Assert.Equal((FailureClass.MemoryLeak, "kmemleak", 1), (leak.Class, leak.Source, leak.Line));
        Assert.StartsWith("unreferenced object 0xff11000002535000 (size 96):", leak.Block, StringComparison.Ordinal);
        Assert.Contains("  comm \"mount\", pid 243", leak.Block, StringComparison.Ordinal);
        Assert.EndsWith("attributed to vexfs: 0xffffffffc03f9c62 = vexfs+0x1c62 (loaded at 0xffffffffc03f8000, 180224 bytes)", leak.Block, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_recorded_range_the_real_leak_is_not_vexfs()
    {
        // What the kit reported before it read the raw address: 0 suspects, the leak missed.
        Assert.Empty(KmemleakReport.Parse(DebugKernelFixtures.Read("leak-at-umount.kmemleak.log"), null));
        Assert.Empty(KmemleakReport.Parse(DebugKernelFixtures.Read("leak-at-umount.kmemleak.log"), new ModuleAddressRange("vexfs", 0xffffffffc0400000, 4096)));
    }

    [Fact]
    public void The_fault_announced_itself_and_kmemleak_found_it_in_the_real_dmesg()
    {
        var dmesg = DebugKernelFixtures.Read("leak-at-umount.dmesg.log");

        Assert.Contains("kmemleak: Kernel memory leak detector initialized", dmesg, StringComparison.Ordinal);
        Assert.Contains("vexfs: fault leak-at-umount: per-mount buffer allocated", dmesg, StringComparison.Ordinal);
        Assert.Contains("kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)", dmesg, StringComparison.Ordinal);
        // kmemleak's own line is no kernel report: the finding comes from the kmemleak file, once.
        Assert.Empty(KernelLogScanner.Scan(dmesg, "dmesg"));
    }
}
