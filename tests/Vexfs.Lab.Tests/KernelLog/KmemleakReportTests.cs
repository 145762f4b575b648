using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

public sealed class KmemleakReportTests
{
    private static readonly ModuleAddressRange Vexfs = new("vexfs", 0xffffffffc0228000, 0x9000);

    private static string Leak(string frame) => string.Join('\n',
        "unreferenced object 0xffff888003a7c2a0 (size 96):",
        "  comm \"mount\", pid 261, jiffies 4294893120 (age 24.208s)",
        "  hex dump (first 32 bytes):",
        "    6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk",
        "  backtrace:",
        "    [<ffffffff8130d3e5>] kmalloc_trace+0x25/0x90",
        frame,
        "    [<ffffffff81001234>] mount_bdev+0x1a5/0x1f0",
        "");

    [Fact]
    public void Bare_address_inside_the_recorded_range_is_attributed()
    {
        var f = Assert.Single(KmemleakReport.Parse(Leak("    [<ffffffffc022803d>] 0xffffffffc022803d"), Vexfs));

        Assert.Equal((FailureClass.MemoryLeak, "kmemleak", 1), (f.Class, f.Source, f.Line));
        Assert.StartsWith("unreferenced object 0xffff888003a7c2a0 (size 96):", f.Block, StringComparison.Ordinal);
        Assert.EndsWith("attributed to vexfs: 0xffffffffc022803d = vexfs+0x3d (loaded at 0xffffffffc0228000, 36864 bytes)", f.Block, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_frame_is_attributed_without_a_range()
    {
        var f = Assert.Single(KmemleakReport.Parse(Leak("    [<ffffffffc022803d>] vexfs_fill_super+0x3d/0x400 [vexfs]"), null));

        Assert.EndsWith("attributed to vexfs: vexfs_fill_super+0x3d/0x400", f.Block, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaks_of_other_code_are_not_vexfs_findings()
    {
        var text = Leak("    [<ffffffffc0400010>] 0xffffffffc0400010") + Leak("    [<ffffffff81555555>] ext4_fill_super+0x10/0x20");

        Assert.Empty(KmemleakReport.Parse(text, Vexfs));
    }

    [Fact]
    public void Two_leaks_are_two_findings_each_with_its_own_block()
    {
        var findings = KmemleakReport.Parse(Leak("    [<ffffffffc0228100>] 0xffffffffc0228100") + Leak("    [<ffffffffc0228200>] 0xffffffffc0228200"), Vexfs);

        Assert.Equal([1, 9], findings.Select(f => f.Line));
        Assert.All(findings, f => Assert.Equal(9, f.Block.Split('\n').Length));
    }

    [Theory]
    [InlineData("vexfs 45056 0 - Live 0xffffffffc0228000 (OE)\n", 0xffffffffc0228000UL, 45056UL)]
    [InlineData("virtio_net 61440 0 - Live 0xffffffffc0100000\nvexfs 8192 1 - Loading 0xffffffffc0228000\n", 0xffffffffc0228000UL, 8192UL)]
    public void Range_comes_from_proc_modules(string procModules, ulong start, ulong size) =>
        Assert.Equal(new ModuleAddressRange("vexfs", start, size), ModuleAddressRange.FromProcModules(procModules, "vexfs"));

    [Fact]
    public void Hidden_addresses_give_no_range() =>
        Assert.Null(ModuleAddressRange.FromProcModules("vexfs 45056 0 - Live 0x0000000000000000\n", "vexfs"));
}
