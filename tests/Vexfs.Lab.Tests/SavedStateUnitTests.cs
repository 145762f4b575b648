using Vexfs.Lab.Debug;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class SavedStateUnitTests
{
    private static readonly GuestImage Image = new(
        KernelCatalog.Default.Resolve("6.1"), "bookworm-0123456789abcdef", "/cache/e", "/cache/e/root.qcow2",
        "/cache/e/vmlinuz", "/cache/e/initrd.img", "/cache/e/id_ed25519", "ssh-ed25519 AAAA", "6.1.0-50-cloud-amd64", "mmdebstrap");

    private static readonly QemuOptions Base = new(Image, 2048, 2, new AcceleratorChoice(AcceleratorKind.Tcg, "test"), "/runs/a");

    private static string Shape(QemuOptions options, string qemu = "QEMU emulator version 7.2.19") => SavedStateShape.Compute(options, qemu).Key;

    [Fact]
    public void Shape_ignores_the_run_directory_the_entry_location_the_restore_source_and_the_gdb_port()
    {
        var moved = Base with
        {
            RunDirectory = "/tmp/other-run",
            Image = Image with { Directory = "/tmp/copy", RootDisk = "/tmp/copy/root.qcow2", Kernel = "/tmp/copy/vmlinuz", Initrd = "/tmp/copy/initrd.img" },
            Restore = new SavedState("/cache/e/saved/x", "x", "6.1.0-50-cloud-amd64"),
            GdbPort = 41234,
        };

        Assert.Equal(Shape(Base), Shape(moved));
    }

    [Fact]
    public void Shape_changes_with_memory_cpus_accelerator_kernel_arguments_disk_size_image_and_qemu_version()
    {
        var shapes = new[]
        {
            Shape(Base),
            Shape(Base with { MemoryMiB = 1024 }),
            Shape(Base with { Cpus = 1 }),
            Shape(Base with { Accel = new AcceleratorChoice(AcceleratorKind.Kvm, "test") }),
            Shape(Base with { ExtraKernelArgs = GdbAttach.KernelArgs }),
            Shape(Base with { VexfsDiskBytes = 1L << 30 }),
            Shape(Base with { Image = Image with { Key = "bookworm-fedcba9876543210" } }),
            Shape(Base, "QEMU emulator version 8.2.2"),
        };

        Assert.Equal(shapes.Length, shapes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Restore_waits_for_the_kit_to_load_the_ram_and_gdb_listens_on_loopback()
    {
        var options = Base with { Restore = new SavedState("/cache/it's/saved/x", "x", "r"), GdbPort = 1234 };
        var args = QemuArguments.Build(options, new QemuRunFiles("/runs/a"), 2222);

        Assert.Equal("defer", args[args.ToList().IndexOf("-incoming") + 1]);
        Assert.Equal("'/cache/it'\\''s/x'", QemuArguments.ShellQuote("/cache/it's/x"));
        Assert.Equal("tcp:127.0.0.1:1234", args[args.ToList().IndexOf("-gdb") + 1]);
        Assert.DoesNotContain("-incoming", QemuArguments.Build(Base, new QemuRunFiles("/runs/a"), 2222));
    }

    [Fact]
    public async Task The_manifest_check_refuses_a_truncated_or_overwritten_file_and_another_shape()
    {
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var state = temp.Combine(SavedState.StateFile);
        var disk = temp.Combine(SavedState.DiskFile);
        var bytes = new byte[10 << 20];
        new Random(5).NextBytes(bytes);
        await File.WriteAllBytesAsync(state, bytes, ct);
        await File.WriteAllBytesAsync(disk, bytes.AsMemory(0, 1 << 20).ToArray(), ct);
        await File.WriteAllBytesAsync(temp.Combine(GuestRamImage.FileName), bytes.AsMemory(0, 3 << 20).ToArray(), ct);
        var files = new Dictionary<string, SavedFileCheck>
        {
            [SavedState.StateFile] = await SavedStateManifest.CheckAsync(state, ct),
            [GuestRamImage.FileName] = await SavedStateManifest.CheckAsync(temp.Combine(GuestRamImage.FileName), ct),
            [SavedState.DiskFile] = await SavedStateManifest.CheckAsync(disk, ct),
        };
        await new SavedStateManifest(SavedStateManifest.CurrentFormat, "shape1", "text", "6.1.0-50-cloud-amd64", DateTimeOffset.UtcNow, files).WriteAsync(temp.Path, ct);

        Assert.NotNull((await SavedStateManifest.ReadVerifiedAsync(temp.Path, "shape1", ct)).Manifest);
        Assert.Contains("machine shape", (await SavedStateManifest.ReadVerifiedAsync(temp.Path, "shape2", ct)).Problem, StringComparison.Ordinal);

        bytes[0] ^= 0xff; // inside the first sampled block
        await File.WriteAllBytesAsync(state, bytes, ct);
        Assert.Contains("corrupt", (await SavedStateManifest.ReadVerifiedAsync(temp.Path, "shape1", ct)).Problem, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(state, bytes.AsMemory(0, bytes.Length - 1).ToArray(), ct);
        Assert.Contains("truncated", (await SavedStateManifest.ReadVerifiedAsync(temp.Path, "shape1", ct)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Gdb_command_loads_the_module_at_its_section_addresses()
    {
        var module = ModuleSymbols.Parse("/tmp/run/vexfs.ko", """
            /sys/module/vexfs/sections/.text:0xffffffffc0a00000
            /sys/module/vexfs/sections/.data:0xffffffffc0a05000
            /sys/module/vexfs/sections/.bss:0xffffffffc0a06000
            /sys/module/vexfs/sections/.note.gnu.build-id:0xffffffffc0a07000
            """);
        var attach = new GdbAttach(40001, "/cache/debug/6.1.0-50-cloud-amd64/vmlinux", module);

        Assert.Equal(
            "-q /cache/debug/6.1.0-50-cloud-amd64/vmlinux -ex 'target remote 127.0.0.1:40001' " +
            "-ex 'with confirm off -- add-symbol-file /tmp/run/vexfs.ko 0xffffffffc0a00000 -s .bss 0xffffffffc0a06000 -s .data 0xffffffffc0a05000'",
            attach.ToString());
        Assert.Equal("-q -ex 'set architecture i386:x86-64' -ex 'target remote 127.0.0.1:40001'", new GdbAttach(40001).ToString());
        Assert.Throws<LabException>(() => ModuleSymbols.Parse("/x.ko", "cat: no such file"));
    }
}
