using System.Diagnostics;
using Vexfs.Lab.Host;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// A cache directory on a filesystem too small for an image (a 64 MiB tmpfs, mounted by the test, so root):
/// the real ./build.sh GuestImage stops before building, says how much room it needs, and writes no image
/// files there (only the per-key lock file, which holds no data, and what the key was computed from: the mirror's
/// index and the builder's version line).
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_cache_filesystem_is_a_clear_error_before_the_build_and_nothing_half_written_is_left()
    {
        Assert.SkipUnless(Environment.UserName == "root", "mounting a small tmpfs needs root");
        var ct = TestContext.Current.CancellationToken;
        using var mountPoint = new TempDirectory();
        Run("mount", "-t", "tmpfs", "-o", "size=64m", "vexfs-test-full", mountPoint.Path);
        try
        {
            var (code, text) = await BuildScript.RunAsync(["GuestImage", "--skip", "--kernel", "6.1", "--cache-dir", mountPoint.Path], ct);
            output.WriteLine(text);

            Assert.Equal(1, code);
            Assert.Matches($@"the image cache {mountPoint.Path} has \d+ MiB free; building a guest image needs about 3 GiB there", text);
            Assert.Contains("hint: free space on that filesystem, or pass --cache-dir on one with room", text, StringComparison.Ordinal);
            var left = Directory.EnumerateFileSystemEntries(mountPoint.Path, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(mountPoint.Path, p))
                .Where(p => p != "locks" && !(p.StartsWith("locks/", StringComparison.Ordinal) && p.EndsWith(".lock", StringComparison.Ordinal)))
                // The mirror's package index (read for the key), when it was asked and what was looked up in it: each
                // is published whole by a rename, never half-written.
                .Where(p => p != "index" && !(p.StartsWith("index/", StringComparison.Ordinal) && IsIndexFile(Path.GetFileName(p))))
                // mmdebstrap's version line (read for the key), published whole by a rename too.
                .Where(p => p != ToolVersions.Folder && !(p.StartsWith(ToolVersions.Folder + "/", StringComparison.Ordinal) && !p.EndsWith(".tmp", StringComparison.Ordinal)))
                .ToList();
            Assert.Empty(left);
        }
        finally
        {
            Run("umount", mountPoint.Path);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static bool IsIndexFile(string name) =>
        name.EndsWith("-Packages.gz", StringComparison.Ordinal) || name.EndsWith("-Packages.gz.asked", StringComparison.Ordinal)
        || (name.Contains("-Packages.gz.", StringComparison.Ordinal) && name.EndsWith(".version", StringComparison.Ordinal));
}
