using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Host;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Robustness;

/// <summary>The pieces that clean up after killed runs, on real processes and the real /proc.</summary>
public sealed class LeftoverTests
{
    [Fact]
    public async Task The_stale_build_cleaner_kills_a_builder_still_working_in_the_directory_then_removes_it()
    {
        using var cache = new TempDirectory();
        var stale = cache.Combine(".tmp-bookworm-0123456789abcdef-dead");
        Directory.CreateDirectory(Path.Combine(stale, "rootfs"));
        using var inside = Process.Start(new ProcessStartInfo("sleep", "300") { WorkingDirectory = Path.Combine(stale, "rootfs") })!;
        File.WriteAllText(Path.Combine(stale, "build.log"), "");
        using var named = Process.Start("tail", ["-f", Path.Combine(stale, "build.log")])!;
        using var elsewhere = Process.Start(new ProcessStartInfo("sleep", "302") { WorkingDirectory = cache.Path })!;
        try
        {
            await new StaleBuildCleaner(new ToolLocator(), NullLogger.Instance).RemoveAsync(stale, TestContext.Current.CancellationToken);

            Assert.True(inside.WaitForExit(5000), "the process working inside the stale directory survived");
            Assert.True(named.WaitForExit(5000), "the process naming the stale directory survived");
            Assert.False(elsewhere.HasExited, "a process outside the directory was killed");
            Assert.False(Directory.Exists(stale));
        }
        finally
        {
            elsewhere.Kill();
        }
    }

    [Fact]
    public void An_owner_is_alive_only_with_its_pid_and_start_time()
    {
        var self = Environment.ProcessId;
        var start = ProcessTable.StartTime(self);

        Assert.NotNull(start);
        Assert.True(QemuOwner.IsAlive($"{self} {start}\n"));
        Assert.False(QemuOwner.IsAlive($"{self} {start + 1}"), "a reused pid (other start time) counted as the owner");
        using var gone = Process.Start("true")!;
        var gonePid = gone.Id;
        gone.WaitForExit();
        Assert.False(QemuOwner.IsAlive($"{gonePid} 1"));
        Assert.True(QemuOwner.IsAlive("garbage"), "an unreadable owner file must not get a QEMU killed");
    }

    [Fact]
    public void Proc_net_tcp_addresses_decode_to_endpoints()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), ListeningSockets.Parse("0100007F:1F90"));
        Assert.Equal(new IPEndPoint(IPAddress.Any, 22), ListeningSockets.Parse("00000000:0016"));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 443), ListeningSockets.Parse("00000000000000000000000001000000:01BB"));
    }

    [Fact]
    public void A_listener_is_attributed_to_its_own_process_only()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.Contains(new IPEndPoint(IPAddress.Loopback, port), ListeningSockets.Of(Environment.ProcessId));
        Assert.False(ListeningSockets.IsListenedBy(1, port));
    }

    [Fact]
    public void An_image_build_is_refused_up_front_when_the_cache_filesystem_lacks_room()
    {
        using var cache = new TempDirectory();
        var error = Assert.Throws<LabException>(() => CacheSpace.EnsureRoomForBuild(cache.Path, required: long.MaxValue));

        Assert.Contains($"the image cache {cache.Path} has ", error.Message, StringComparison.Ordinal);
        Assert.Contains("--cache-dir", error.Hint, StringComparison.Ordinal);
        CacheSpace.EnsureRoomForBuild(cache.Path, required: 1);
    }

    [Fact]
    public void Running_out_of_space_mid_build_becomes_a_cache_space_error()
    {
        var full = CacheSpace.Explain(new LabException("mmdebstrap failed: E: write error: No space left on device"), "/c");
        Assert.NotNull(full);
        Assert.StartsWith("the image cache /c ran out of space during the image build", full.Message, StringComparison.Ordinal);
        Assert.Null(CacheSpace.Explain(new IOException("permission denied"), "/c"));
    }
}
