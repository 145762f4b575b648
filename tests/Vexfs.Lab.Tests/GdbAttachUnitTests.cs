using Vexfs.Lab.Debug;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests;

/// <summary>The gdb command VmShell --gdb prints, from what a real 6.1 guest reported for the loaded vexfs.</summary>
public sealed class GdbAttachUnitTests
{
    // `grep -H . /sys/module/vexfs/sections/.[a-z]*` in a 6.1.0-50-cloud-amd64 guest with vexfs built on the host.
    private const string RecordedSections = """
        /sys/module/vexfs/sections/.altinstr_replacement:0xffffffffc05e6b16
        /sys/module/vexfs/sections/.altinstructions:0xffffffffc05e7068
        /sys/module/vexfs/sections/.bss:0xffffffffc05eb680
        /sys/module/vexfs/sections/.data:0xffffffffc05eb020
        /sys/module/vexfs/sections/.exit.data:0xffffffffc05eb250
        /sys/module/vexfs/sections/.exit.text:0xffffffffc05e66a0
        /sys/module/vexfs/sections/.gnu.linkonce.this_module:0xffffffffc05eb300
        /sys/module/vexfs/sections/.init.data:0xffffffffc049d000
        /sys/module/vexfs/sections/.init.text:0xffffffffc049c000
        /sys/module/vexfs/sections/.note.Linux:0xffffffffc05e7024
        /sys/module/vexfs/sections/.note.gnu.build-id:0xffffffffc05e7000
        /sys/module/vexfs/sections/.orc_unwind:0xffffffffc05e82b9
        /sys/module/vexfs/sections/.orc_unwind_ip:0xffffffffc05e95d3
        /sys/module/vexfs/sections/.retpoline_sites:0xffffffffc05ea2d4
        /sys/module/vexfs/sections/.return_sites:0xffffffffc05e8181
        /sys/module/vexfs/sections/.rodata:0xffffffffc05e7080
        /sys/module/vexfs/sections/.rodata.str1.1:0xffffffffc05e77b8
        /sys/module/vexfs/sections/.rodata.str1.8:0xffffffffc05e7988
        /sys/module/vexfs/sections/.smp_locks:0xffffffffc05ea290
        /sys/module/vexfs/sections/.static_call_sites:0xffffffffc05eb258
        /sys/module/vexfs/sections/.strtab:0xffffffffc049fe90
        /sys/module/vexfs/sections/.symtab:0xffffffffc049e000
        /sys/module/vexfs/sections/.text:0xffffffffc05e2000
        /sys/module/vexfs/sections/.text.unlikely:0xffffffffc05e66c2
        """;

    [Fact]
    public void The_module_is_loaded_at_every_section_that_holds_code_or_data()
    {
        var module = ModuleSymbols.Parse("/tmp/run/vexfs.ko", RecordedSections);

        Assert.Equal(
            "add-symbol-file /tmp/run/vexfs.ko 0xffffffffc05e2000" +
            " -s .altinstr_replacement 0xffffffffc05e6b16 -s .bss 0xffffffffc05eb680 -s .data 0xffffffffc05eb020" +
            " -s .exit.data 0xffffffffc05eb250 -s .exit.text 0xffffffffc05e66a0 -s .gnu.linkonce.this_module 0xffffffffc05eb300" +
            " -s .init.data 0xffffffffc049d000 -s .init.text 0xffffffffc049c000 -s .rodata 0xffffffffc05e7080" +
            " -s .rodata.str1.1 0xffffffffc05e77b8 -s .rodata.str1.8 0xffffffffc05e7988 -s .text.unlikely 0xffffffffc05e66c2",
            module.AddSymbolFile());
    }

    [Theory]
    [InlineData(".text.unlikely", true)]
    [InlineData(".data..ro_after_init", true)]
    [InlineData(".bss", true)]
    [InlineData(".orc_unwind_ip", false)]
    [InlineData(".symtab", false)]
    [InlineData(".note.gnu.build-id", false)]
    [InlineData(".static_call_sites", false)]
    public void Sections_without_symbols_are_left_out(string section, bool holdsSymbols) =>
        Assert.Equal(holdsSymbols, ModuleSymbols.HoldsSymbols(section));

    [Fact]
    public void Gdb_finds_the_sources_of_a_host_or_a_guest_build_in_the_repository()
    {
        var parsed = ModuleSymbols.Parse("/tmp/run/vexfs.ko", RecordedSections);
        var module = parsed with { Sources = GuestDebugger.Sources(Install(ModuleBuildMode.Host).BuildDirectory, "/src/vexfs-kernel") };
        var commands = new GdbAttach(40001, "/cache/debug/vmlinux", module).Commands();

        Assert.Equal("target remote 127.0.0.1:40001", commands[0]);
        Assert.StartsWith("with confirm off -- add-symbol-file /tmp/run/vexfs.ko 0xffffffffc05e2000 ", commands[1], StringComparison.Ordinal);
        Assert.Equal("set substitute-path /build/vexfs /src/vexfs-kernel", commands[2]);
        Assert.Equal("set substitute-path /root/vexfs /src/vexfs-kernel", GuestDebugger.Sources(Install(ModuleBuildMode.Guest).BuildDirectory, "/src/vexfs-kernel").Command());
    }

    [Fact]
    public void Sections_without_text_mean_the_module_is_not_loaded()
    {
        var error = Assert.Throws<LabException>(() => ModuleSymbols.Parse("/x.ko", "grep: /sys/module/vexfs/sections/.[a-z]*: No such file or directory"));
        Assert.Contains(".text", error.Message, StringComparison.Ordinal);
    }

    private static IModuleInstall Install(ModuleBuildMode build) =>
        ModuleInstalls.For(new ModuleInstallSettings("/src/vexfs-kernel", "/v/vexctl") { ModuleBuild = build }, "/tmp/run", Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
}
