using System.Diagnostics;
using Vexfs.Lab.Images;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Session;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The real thing: build (or reuse) the 6.1 image, boot it in QEMU, SSH in, check the kernel, upload a
/// file, build and load an out-of-tree module, and leave no QEMU behind. Slow (minutes cold): Category=Vm.
/// Image cache: $VEXFS_IMAGE_CACHE, else ~/.cache/vexfs (VmTestLab).
/// </summary>
[Trait("Category", "Vm")]
public sealed class GuestBootTests(ITestOutputHelper output)
{
    private const string HelloModule = """
        // SPDX-License-Identifier: GPL-2.0
        #include <linux/init.h>
        #include <linux/module.h>

        static int __init hello_init(void)
        {
        	pr_info("vexfs-lab hello: loaded\n");
        	return 0;
        }

        static void __exit hello_exit(void)
        {
        	pr_info("vexfs-lab hello: unloaded\n");
        }

        module_init(hello_init);
        module_exit(hello_exit);
        MODULE_LICENSE("GPL");
        MODULE_DESCRIPTION("VM lab toolchain check");

        """;

    // An ed25519 public key no guest image has (made with ssh-keygen for this test).
    private const string OtherHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILzahiULowEn4T7dwLt8orOTStzwWrENde+9mivRlx86";

    [Fact]
    public async Task Kernel_6_1_guest_boots_runs_commands_builds_a_module_and_leaves_no_qemu()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var lab = new VmTestLab(loggers);

        var watch = Stopwatch.StartNew();
        var image = await lab.ImageAsync(ct);
        output.WriteLine($"image {image.Key} ready after {watch.Elapsed.TotalSeconds:F1} s (kernel {image.KernelRelease})");
        Assert.StartsWith("6.1.", image.KernelRelease, StringComparison.Ordinal);

        await BootAndCheckAsync(image, lab, loggers, output, ct);
    }

    /// <summary>Boots <paramref name="image"/>, checks kernel, disk, upload and an out-of-tree module build; asserts QEMU is gone after.</summary>
    internal static async Task BootAndCheckAsync(GuestImage image, VmTestLab lab, TestOutputLoggerFactory loggers, ITestOutputHelper output, CancellationToken ct)
    {
        var accel = lab.Accel;
        var runDir = Path.Combine(Path.GetTempPath(), $"vexfs-lab-test-{Guid.NewGuid():N}");
        int qemuPid;
        var commandLog = new StringWriter();
        var watch = Stopwatch.StartNew();
        await using (var machine = await QemuMachine.StartAsync(lab.Machine(image, runDir), loggers.For<QemuMachine>(), ct))
        {
            qemuPid = int.Parse((await File.ReadAllTextAsync(Path.Combine(runDir, "qemu.pid"), ct)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await using var session = await GuestSession.ConnectAsync(machine.Endpoint, lab.Options.BootTimeout, loggers.For<GuestSession>(), ct, commandLog);
            output.WriteLine($"boot to SSH: {watch.Elapsed.TotalSeconds:F1} s ({accel.Kind})");

            // The real SSH server with a different pinned key: refused at once, with the cache-entry hint.
            var wrongPin = machine.Endpoint with { HostPublicKey = OtherHostKey };
            var refused = await Assert.ThrowsAsync<LabException>(() => GuestSession.ConnectAsync(wrongPin, TimeSpan.FromSeconds(60), loggers.For<GuestSession>(), ct));
            Assert.Contains("host key changed", refused.Message, StringComparison.Ordinal);

            var uname = await session.RunAsync("uname -r", TimeSpan.FromSeconds(30), ct);
            Assert.True(uname.Succeeded, uname.Stderr);
            Assert.Equal(image.KernelRelease, uname.Stdout.Trim());

            var vdb = await session.RunAsync("test -b /dev/vdb && blockdev --getsize64 /dev/vdb", TimeSpan.FromSeconds(30), ct);
            Assert.Equal((256L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), vdb.Stdout.Trim());

            var local = Path.Combine(runDir, "upload.txt");
            await File.WriteAllTextAsync(local, $"uploaded {Guid.NewGuid()}\n", ct);
            await session.UploadFileAsync(local, "/root/upload.txt", ct, mode: 0x180);
            var cat = await session.RunAsync("stat -c %a /root/upload.txt && cat /root/upload.txt", TimeSpan.FromSeconds(30), ct);
            Assert.Equal($"600\n{await File.ReadAllTextAsync(local, ct)}", cat.Stdout);
            var missing = await Assert.ThrowsAsync<LabException>(() => session.UploadFileAsync(local, "/root/no-such-dir/upload.txt", ct));
            Assert.Contains("/root/no-such-dir/upload.txt", missing.Message, StringComparison.Ordinal);
            var parts = await session.RunAsync("ls -a /root | grep -c vexfs-part", TimeSpan.FromSeconds(30), ct);
            Assert.Equal("0", parts.Stdout.Trim());

            await ResidentShellAsync(session, ct);
            await using (var isolated = await GuestSession.ConnectAsync(machine.Endpoint, TimeSpan.FromSeconds(60), loggers.For<GuestSession>(), ct))
            {
                await PrivateMountsAsync(isolated, session, ct);
            }

            await ShellFilesRemovedAsync(session, ct);

            await BuildAndLoadModuleAsync(session, runDir, output, ct);

            // A script longer than the SSH server takes as a command (dropbear: 9,000 bytes; over 35,000 it drops
            // the connection) runs as one: it goes in on stdin.
            var script = string.Concat(Enumerable.Range(0, 4000).Select(i => $": padding line {i}\n")) + "echo \"long $((6 * 7))\"; exit 7";
            Assert.True(script.Length > 35_000);
            var longScript = await session.RunAsync(script, TimeSpan.FromSeconds(60), ct);
            Assert.Equal((7, "long 42\n"), (longScript.ExitCode, longScript.Stdout));

            // A session whose guest is lost (its resident shell running) closes without an error.
            await machine.KillAsync();
            await session.DisposeAsync();
        }

        output.WriteLine(commandLog.ToString());
        Assert.False(Directory.Exists($"/proc/{qemuPid}") && File.ReadAllText($"/proc/{qemuPid}/cmdline").Contains(runDir, StringComparison.Ordinal),
            $"QEMU {qemuPid} of this run is still alive");
        Assert.DoesNotContain(VmTestLab.CommandLines(), cmd => cmd.Contains(runDir, StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(runDir, "overlay.qcow2")), "the overlay was not removed");
        Directory.Delete(runDir, recursive: true);
    }

    // The resident shell gives what an exec would, command by command, and survives what a command does.
    private static async Task ResidentShellAsync(GuestSession session, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(30);
        var first = await session.RunInShellAsync("cd /tmp && printf 'h\u00e9 no newline'; echo to-stderr >&2; x=1; exit 3", wait, ct);
        Assert.Equal((3, "hé no newline", "to-stderr\n"), (first.ExitCode, first.Stdout, first.Stderr));
        var isolated = await session.RunInShellAsync("pwd; echo \"x=${x:-unset}\"", wait, ct);
        Assert.Equal((0, "/root\nx=unset\n"), (isolated.ExitCode, isolated.Stdout));
        var syntax = await session.RunInShellAsync("if then fi (", wait, ct);
        Assert.Equal(2, syntax.ExitCode);
        Assert.Contains("syntax error", syntax.Stderr, StringComparison.Ordinal);
        var binary = await session.RunInShellAsync("printf 'a\\0b\\0'; printf 'c\\0' >&2", wait, ct);
        Assert.Equal(("a\0b\0", "c\0"), (binary.Stdout, binary.Stderr));
        var slow = await session.RunInShellAsync("echo started; echo warming >&2; sleep 20", TimeSpan.FromSeconds(1), ct);
        Assert.True(slow.TimedOut, "a command past its timeout is reported as timed out");
        Assert.Equal(("started\n", "warming\n"), (slow.Stdout, slow.Stderr)); // read back from the shell's files
        var after = await session.RunInShellAsync("cat /proc/sys/kernel/osrelease", wait, ct);
        Assert.True(after.Succeeded && after.Stdout.Trim().Length > 0, $"the shell after a timeout: {after.Stderr}");
    }

    // A shell's output files go with it: the closed session's at once, the timed-out shell's once its command ends
    // (it was `sleep 20`); only the live shell's remain.
    private static async Task ShellFilesRemovedAsync(GuestSession session, CancellationToken ct)
    {
        var left = "";
        for (var watch = Stopwatch.StartNew(); watch.Elapsed < TimeSpan.FromSeconds(40); await Task.Delay(1000, ct))
        {
            left = (await session.RunAsync("ls /dev/shm | grep vexfs-shell- | sed 's/[.].*//' | sort -u", TimeSpan.FromSeconds(30), ct)).Stdout;
            if (left.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1)
            {
                return;
            }
        }

        Assert.Fail($"the guest's /dev/shm keeps output files of shells that ended: {left}");
    }

    // A shell with private mounts sees its own mount; an exec channel (and every other session) does not.
    private static async Task PrivateMountsAsync(GuestSession isolated, GuestSession other, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(30);
        isolated.KeepShellMountsPrivate();
        var mount = await isolated.RunInShellAsync("mkdir -p /mnt/vexfs-private && mount -t tmpfs none /mnt/vexfs-private && grep -c ' /mnt/vexfs-private ' /proc/mounts", wait, ct);
        Assert.True(mount.Succeeded && mount.Stdout.Trim() == "1", $"mount in the private shell: {mount.Stderr}");
        var outside = await other.RunAsync("grep -c ' /mnt/vexfs-private ' /proc/mounts", wait, ct);
        Assert.Equal("0", outside.Stdout.Trim());
        Assert.Throws<InvalidOperationException>(isolated.KeepShellMountsPrivate);
        var unmount = await isolated.RunInShellAsync("umount /mnt/vexfs-private && rmdir /mnt/vexfs-private", wait, ct);
        Assert.True(unmount.Succeeded, unmount.Stderr);
    }

    private static async Task BuildAndLoadModuleAsync(GuestSession session, string runDir, ITestOutputHelper output, CancellationToken ct)
    {
        var source = Path.Combine(runDir, "hello");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "hello.c"), HelloModule, ct);
        await File.WriteAllTextAsync(Path.Combine(source, "Kbuild"), "obj-m := hello.o\n", ct);
        await session.UploadDirectoryAsync(source, "/root/hello", ct);

        var make = await session.RunAsync("make -C /lib/modules/$(uname -r)/build M=/root/hello W=1 modules 2>&1", TimeSpan.FromMinutes(5), ct);
        output.WriteLine($"module build (W=1): {make.Duration.TotalSeconds:F1} s");
        Assert.True(make.Succeeded, make.Stdout);
        Assert.DoesNotContain("warning:", make.Stdout, StringComparison.Ordinal);

        var load = await session.RunAsync("insmod /root/hello/hello.ko && rmmod hello && dmesg | grep 'vexfs-lab hello'", TimeSpan.FromMinutes(1), ct);
        output.WriteLine($"insmod/rmmod: {load.Duration.TotalSeconds:F1} s");
        Assert.True(load.Succeeded, load.Stderr);
        Assert.Contains("vexfs-lab hello: loaded", load.Stdout, StringComparison.Ordinal);
        Assert.Contains("vexfs-lab hello: unloaded", load.Stdout, StringComparison.Ordinal);
    }
}
