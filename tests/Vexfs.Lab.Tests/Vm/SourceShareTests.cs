using Vexfs.Lab.Host;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Share;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The source share in a real 6.1 guest, as VmShell sets it up: virtiofs hot-plugged into the restored
/// guest, an edit on the host visible at once, the guest unable to write to the host's sources even by
/// remounting, and vexfs-make building a small module from the share and rebuilding it after an edit,
/// with nothing written into the host's directory and no virtiofsd left after the guest stops.
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class SourceShareTests(ITestOutputHelper output)
{
    private const string Kbuild = "obj-m := sharetest.o\n";

    [Fact]
    public async Task Host_edits_show_at_once_the_guest_cannot_write_and_vexfs_make_builds_from_the_share()
    {
        var ct = TestContext.Current.CancellationToken;
        VmTestLab.RequireRoot("the source share needs root (virtiofsd in a private mount namespace)");

        using var loggers = new TestOutputLoggerFactory(output);
        using var temp = new TempDirectory();
        var sources = temp.Combine("sources");
        Directory.CreateDirectory(sources);
        await File.WriteAllTextAsync(Path.Combine(sources, "Kbuild"), Kbuild, ct);
        await File.WriteAllTextAsync(Path.Combine(sources, "sharetest.c"), Module("v1"), ct);

        string socket;
        await using (var guest = await new VmTestLab(loggers).BootAsync(temp.Combine("run"), ct))
        {
            socket = guest.Machine.ShareSocket;
            await new SourceShare(loggers).AttachAsync(guest.Machine, guest.Session, sources, null, null, ct);
            var src = $"{SourceShare.GuestMount}/src/sharetest.c";
            Assert.Contains("v1", await RunAsync(guest, $"cat {src}", ct), StringComparison.Ordinal);

            await File.WriteAllTextAsync(Path.Combine(sources, "sharetest.c"), Module("v2"), ct);
            Assert.Contains("v2", await RunAsync(guest, $"cat {src}", ct), StringComparison.Ordinal);

            var write = await guest.Session.RunAsync(
                $"touch {SourceShare.GuestMount}/src/x; mount -o remount,rw {SourceShare.GuestMount}; touch {SourceShare.GuestMount}/src/x", TimeSpan.FromSeconds(30), ct);
            Assert.False(write.Succeeded);
            Assert.Contains("Read-only file system", write.Stderr, StringComparison.Ordinal);

            const string make = $"VEXFS_BUILD_DIR=/root/sharetest sh {SourceShare.MakeScript} 2>&1 && modinfo -F description /root/sharetest/sharetest.ko";
            Assert.EndsWith("v2\n", await RunAsync(guest, make, ct), StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(sources, "sharetest.c"), Module("v3"), ct);
            Assert.EndsWith("v3\n", await RunAsync(guest, make, ct), StringComparison.Ordinal);
        }

        Assert.Equal(["Kbuild", "sharetest.c"], Directory.EnumerateFileSystemEntries(sources).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(ProcessTable.Pids(), p => ProcessTable.CommandLine(p).Contains($"--socket-path={socket}"));
    }

    private static string Module(string version) =>
        $"// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\nMODULE_DESCRIPTION(\"{version}\");\nMODULE_LICENSE(\"GPL\");\n";

    private async Task<string> RunAsync(BootedGuest guest, string command, CancellationToken ct)
    {
        var result = await guest.Session.RunAsync(command, TimeSpan.FromMinutes(5), ct);
        output.WriteLine($"$ {command}\n{result.Stdout}{result.Stderr}");
        Assert.True(result.Succeeded, $"`{command}` failed (exit {result.ExitCode}): {result.Stdout}{result.Stderr}");
        return result.Stdout;
    }
}
