using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The image cache under abuse, with the real ./build.sh GuestImage and mmdebstrap on a private --cache-dir
/// seeded with a copy of the shared 6.1 entry: a truncated disk is caught by its manifest checksum, a
/// Ctrl-C'd rebuild cleans up after itself (exit 130), a SIGKILLed one leaves its temp directory and
/// builder behind, and the next run removes those and builds a verified image. Several minutes: VmSlow.
/// </summary>
[Trait("Category", "VmSlow")]
[Collection(SerialRuns.Name)]
public sealed class ImageRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Corrupt_interrupted_and_killed_builds_end_in_a_clean_verified_image()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var shared = await new VmTestLab(loggers).ImageAsync(ct);
        var cache = new TempDirectory();
        try
        {
            await RunScenarioAsync(shared, cache, ct);
        }
        finally
        {
            // Whatever happened, a builder killed mid-way may have left /proc, /sys and /dev mounted in the
            // cache: the lab's own cleaner detaches them before anything is deleted.
            await new StaleBuildCleaner(new ToolLocator(), loggers.For<ImageRecoveryTests>()).RemoveAsync(cache.Path, CancellationToken.None);
        }
    }

    private async Task RunScenarioAsync(GuestImage shared, TempDirectory cache, CancellationToken ct)
    {
        var entry = cache.Combine(shared.Key);
        Directory.CreateDirectory(entry);
        foreach (var file in Directory.EnumerateFiles(shared.Directory))
        {
            File.Copy(file, Path.Combine(entry, Path.GetFileName(file)));
        }

        await using (var disk = new FileStream(Path.Combine(entry, "root.qcow2"), FileMode.Open))
        {
            disk.SetLength(disk.Length / 2);
        }

        string[] arguments = ["GuestImage", "--skip", "--kernel", "6.1", "--cache-dir", cache.Path];

        // 1. The truncated entry is detected and removed; Ctrl-C during the rebuild: exit 130, nothing left.
        using (var build = BuildScript.Start(arguments))
        {
            await build.WaitForOutputAsync("mmdebstrap: bookworm", TimeSpan.FromMinutes(3), ct);
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            build.Signal(2);
            var code = await build.WaitAsync(TimeSpan.FromMinutes(2), ct);
            output.WriteLine(build.Output);
            Assert.Equal(130, code);
            Assert.Contains("root.qcow2 has SHA-256", build.Output, StringComparison.Ordinal);
            Assert.Contains("(corrupt or truncated)", build.Output, StringComparison.Ordinal);
            Assert.Contains("deleting the untrustworthy image cache entry", build.Output, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(entry), "the corrupt entry is still there");
        AssertNothingRunningOrBuilding(cache.Path);
        AssertLockFree(cache.Path, shared.Key);

        // 2. SIGKILL mid-build: the build cannot clean up; its temp directory is left behind.
        using (var build = BuildScript.Start(arguments))
        {
            await build.WaitForOutputAsync("mmdebstrap: bookworm", TimeSpan.FromMinutes(3), ct);
            await Task.Delay(TimeSpan.FromSeconds(15), ct);
            build.Signal(9);
            Assert.Equal(137, await build.WaitAsync(TimeSpan.FromSeconds(30), ct));
        }

        Assert.NotEmpty(Directory.EnumerateDirectories(cache.Path, ".tmp-*"));
        AssertLockFree(cache.Path, shared.Key);

        // 3. The next run removes the leftovers (and any builder still running in them) and builds cleanly.
        using var rebuild = BuildScript.Start(arguments);
        var rebuilt = await rebuild.WaitAsync(TimeSpan.FromMinutes(40), ct);
        var text = rebuild.Output;
        output.WriteLine(text);
        Assert.Equal(0, rebuilt);
        Assert.Contains("(left by an interrupted build)", text, StringComparison.Ordinal);
        Assert.Contains($"guest image {shared.Key} ready", text, StringComparison.Ordinal);
        AssertNothingRunningOrBuilding(cache.Path);
        var (manifest, problem) = await ImageManifest.ReadVerifiedAsync(entry, ct);
        Assert.True(manifest is not null, problem);
        Assert.Equal(shared.KernelRelease, manifest.KernelRelease);
        Assert.NotEqual(shared.HostPublicKey, manifest.HostPublicKey); // a fresh key pair per image
    }

    private static void AssertNothingRunningOrBuilding(string cacheDir)
    {
        Assert.Empty(Directory.EnumerateDirectories(cacheDir, ".tmp-*"));
        var workers = ProcessTable.Pids()
            .Where(pid => ProcessTable.CommandLine(pid).Any(a => a.Contains(cacheDir, StringComparison.Ordinal)) && pid != Environment.ProcessId)
            .Select(pid => $"{pid}: {string.Join(' ', ProcessTable.CommandLine(pid))}")
            .ToList();
        Assert.Empty(workers);
        Assert.DoesNotContain(File.ReadAllText("/proc/self/mounts"), cacheDir, StringComparison.Ordinal);
    }

    /// <summary>The per-key lock file may stay (it holds no data); nobody may hold its lock.</summary>
    private static void AssertLockFree(string cacheDir, string key)
    {
        var path = Path.Combine(cacheDir, "locks", key + ".lock");
        using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Assert.True(probe.CanWrite);
    }
}
