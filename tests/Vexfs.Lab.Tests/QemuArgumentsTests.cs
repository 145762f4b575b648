using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;

namespace Vexfs.Lab.Tests;

public sealed class QemuArgumentsTests
{
    private static readonly GuestImage Image = new(
        KernelCatalog.Default.Resolve("6.1"), "bookworm-0123456789abcdef", "/cache/bookworm-0123456789abcdef", "/cache/e/root.qcow2",
        "/cache/e/vmlinuz", "/cache/e/initrd.img", "/cache/e/id_ed25519", "ssh-ed25519 AAAA", "6.1.0-50-cloud-amd64", "mmdebstrap");

    private static string Value(IReadOnlyList<string> args, string option) => args[args.ToList().IndexOf(option) + 1];

    [Fact]
    public void Tcg_run_has_every_device_and_file_in_the_run_directory()
    {
        var options = new QemuOptions(Image, 2048, 2, new AcceleratorChoice(AcceleratorKind.Tcg, "test"), "/runs/a", ExtraKernelArgs: " vexfs.debug=1 ");
        var args = QemuArguments.Build(options, new QemuRunFiles("/runs/a"), 40022);

        // Guest RAM a vhost-user device (virtiofsd of the source share) can map, of the -m size.
        Assert.Equal("pc,memory-backend=vexfs-ram", Value(args, "-machine"));
        Assert.Equal("memory-backend-memfd,id=vexfs-ram,size=2048M,share=on", Value(args, "-object"));
        Assert.Equal("tcg", Value(args, "-accel"));
        Assert.Equal("max", Value(args, "-cpu"));
        Assert.Equal("2048", Value(args, "-m"));
        Assert.Equal("2", Value(args, "-smp"));
        Assert.Equal("/cache/e/vmlinuz", Value(args, "-kernel"));
        Assert.Equal("/cache/e/initrd.img", Value(args, "-initrd"));
        Assert.Equal("root=/dev/vda rw console=ttyS0 net.ifnames=0 panic=1 no_timer_check norandmaps tsc=reliable vexfs.debug=1", Value(args, "-append"));
        Assert.Equal(
            ["file=/runs/a/overlay.qcow2,format=qcow2,if=virtio,cache=unsafe", "file=/runs/a/vexfs-disk.img,format=raw,if=virtio,cache=unsafe", "file=/runs/a/transfer.img,format=raw,if=virtio,readonly=on"],
            args.Select((a, i) => (a, i)).Where(p => p.a == "-drive").Select(p => args[p.i + 1]));
        Assert.Equal("user,id=n0,hostfwd=tcp:127.0.0.1:40022-:22", Value(args, "-netdev"));
        Assert.Contains("virtio-rng-pci", args);
        Assert.Contains("virtio-net-pci,netdev=n0", args);
        Assert.Equal("file:/runs/a/console.log", Value(args, "-serial"));
        Assert.Equal("unix:/runs/a/qmp.sock,server=on,wait=off", Value(args, "-qmp"));
        Assert.Equal("/runs/a/qemu.pid", Value(args, "-pidfile"));
        Assert.Equal("none", Value(args, "-display"));
        Assert.Contains("-no-reboot", args);
        Assert.DoesNotContain("/cache/e/root.qcow2", string.Join(' ', args), StringComparison.Ordinal);
    }

    [Fact]
    public void Kvm_uses_the_host_cpu_and_paths_with_commas_are_escaped()
    {
        var options = new QemuOptions(Image, 512, 1, new AcceleratorChoice(AcceleratorKind.Kvm, "test"), "/runs/a,b");
        var args = QemuArguments.Build(options, new QemuRunFiles("/runs/a,b"), 1);

        Assert.Equal("kvm", Value(args, "-accel"));
        Assert.Equal("host", Value(args, "-cpu"));
        Assert.Equal("root=/dev/vda rw console=ttyS0 net.ifnames=0 panic=1 no_timer_check norandmaps tsc=reliable", Value(args, "-append"));
        Assert.StartsWith("file=/runs/a,,b/overlay.qcow2,", Value(args, "-drive"), StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_must_be_resolved_before_starting()
    {
        var options = new QemuOptions(Image, 512, 1, new AcceleratorChoice(AcceleratorKind.Auto, "unresolved"), "/runs/a");

        Assert.Throws<ArgumentException>(() => QemuArguments.Build(options, new QemuRunFiles("/runs/a"), 1));
    }
}
