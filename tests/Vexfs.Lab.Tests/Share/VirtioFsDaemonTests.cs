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
        await File.WriteAllTextAsync(Path.Combine(sources, "vexfs.c"), "/* a source */\n", ct);
        var socket = temp.Combine("virtiofs.sock");

        var daemon = await VirtioFsDaemon.StartAsync(shared, sources, socket, NullLogger.Instance, ct);
        int[] pids;
        try
        {
            Assert.True(File.Exists(socket));
            pids = [.. LabProcesses(socket)];
            Assert.NotEmpty(pids);
            Assert.DoesNotContain(Path.Combine(shared, "src"), await File.ReadAllTextAsync("/proc/self/mountinfo", ct), StringComparison.Ordinal);
            await AssertSourcesReadOnlyAsync(pids[0], shared, sources, ct);
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

    /// <summary>
    /// The daemon sees the shared directory either at its host path (before its sandbox) or as its root, once
    /// it has pivoted into it: the Rust virtiofsd (trixie on) does that at start, QEMU's C one (bookworm) only
    /// when QEMU connects. In either view src/ must be a read-only mount showing the sources, and a write
    /// through the daemon's own root must be refused without reaching them.
    /// </summary>
    private static async Task AssertSourcesReadOnlyAsync(int pid, string shared, string sources, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var view = await SharedDirectoryViewAsync(pid, shared, ct);
            var viewed = $"/proc/{pid}/root{view.TrimEnd('/')}/src";
            try
            {
                Assert.True(File.Exists(Path.Combine(viewed, "vexfs.c")), $"the sources are not at {viewed}");
                await File.WriteAllTextAsync(Path.Combine(viewed, "probe"), "written by the guest", ct);
                Assert.Fail($"a write to {viewed} was not refused");
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException))
            {
                break;
            }
            catch (Exception e) when (attempt < 20 && e is FileNotFoundException or DirectoryNotFoundException or Xunit.Sdk.XunitException)
            {
                // The daemon pivoted between reading its mounts and using them: look again.
                await Task.Delay(50, ct);
            }
        }

        Assert.False(File.Exists(Path.Combine(sources, "probe")));
    }

    /// <summary>Where the daemon's namespace has the shared directory: its host path, or / after pivot_root.</summary>
    private static async Task<string> SharedDirectoryViewAsync(int pid, string shared, CancellationToken ct)
    {
        // mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ...; no temp path here holds a space to escape.
        var mounts = (await File.ReadAllLinesAsync($"/proc/{pid}/mountinfo", ct))
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 5 && f[5].Split(',').Contains("ro"))
            .Select(f => f[4])
            .ToHashSet(StringComparer.Ordinal);
        string[] views = [shared, "/"];
        var view = views.FirstOrDefault(v => mounts.Contains(v) && mounts.Contains(Path.Combine(v, "src")));
        Assert.True(view is not null,
            $"no read-only mount of {shared} and its src/ (nor of / and /src) in virtiofsd's namespace; read-only mounts: {string.Join(", ", mounts)}");
        return view!;
    }

    private static IEnumerable<int> LabProcesses(string socket) =>
        ProcessTable.Pids().Where(p => ProcessTable.CommandLine(p).Contains($"--socket-path={socket}"));
}
