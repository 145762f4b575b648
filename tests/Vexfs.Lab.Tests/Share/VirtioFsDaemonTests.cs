using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Host;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Share;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Share;

/// <summary>
/// virtiofsd really started on the host (no guest): it listens on its socket, its read-only bind mount of
/// the sources stays in its own mount namespace, and dispose leaves no process and no socket behind.
/// </summary>
public sealed class VirtioFsDaemonTests
{
    [Fact]
    public async Task Serves_from_a_private_namespace_and_leaves_nothing_behind()
    {
        if (Environment.UserName != "root")
        {
            Assert.Skip("virtiofsd and the private mount namespace need root (as the share itself does)");
        }

        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var shared = temp.Combine("share");
        Directory.CreateDirectory(Path.Combine(shared, "src"));
        var sources = temp.Combine("sources");
        Directory.CreateDirectory(sources);
        var socket = temp.Combine("virtiofs.sock");

        var daemon = await VirtioFsDaemon.StartAsync(shared, sources, socket, NullLogger.Instance, ct);
        int[] pids;
        try
        {
            Assert.True(File.Exists(socket));
            pids = [.. LabProcesses(socket)];
            Assert.NotEmpty(pids);
            Assert.DoesNotContain(Path.Combine(shared, "src"), await File.ReadAllTextAsync("/proc/self/mountinfo", ct), StringComparison.Ordinal);
            var mounts = await File.ReadAllTextAsync($"/proc/{pids[0]}/mountinfo", ct);
            Assert.Contains(mounts.Split('\n'), l => l.Contains($" {Path.Combine(shared, "src")} ", StringComparison.Ordinal) && l.Contains(" ro,", StringComparison.Ordinal));
        }
        finally
        {
            await daemon.DisposeAsync();
        }

        Assert.False(File.Exists(socket));
        for (var i = 0; i < 50 && LabProcesses(socket).Any(); i++)
        {
            await Task.Delay(100, ct);
        }

        Assert.Empty(LabProcesses(socket));
    }

    [Fact]
    public void Orphan_sweep_knows_the_run_directory_of_qemu_and_of_virtiofsd()
    {
        Assert.Equal("/tmp/run-a", QemuOwner.RunDirectoryOf(["/usr/bin/qemu-system-x86_64", "-m", "2048", "-pidfile", "/tmp/run-a/qemu.pid"]));
        Assert.Equal("/tmp/run-b", QemuOwner.RunDirectoryOf(["/usr/lib/qemu/virtiofsd", "--socket-path=/tmp/run-b/virtiofs.sock", "-o", "source=/tmp/run-b/share"]));
        Assert.Null(QemuOwner.RunDirectoryOf(["/usr/bin/virtiofsd", "--shared-dir", "/x"]));
        Assert.Null(QemuOwner.RunDirectoryOf(["/bin/sleep", "--socket-path=/tmp/x/y"]));
        Assert.Null(QemuOwner.RunDirectoryOf([]));
    }

    private static IEnumerable<int> LabProcesses(string socket) =>
        ProcessTable.Pids().Where(p => ProcessTable.CommandLine(p).Contains($"--socket-path={socket}"));
}
