using Vexfs.Lab.Kernel;
using Vexfs.Lab.KernelBuild;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Kernel;

/// <summary>A tree build's kernel is booted from a published copy, so the next build of the tree cannot change it under a run.</summary>
public sealed class KernelTreePublishTests
{
    private static async Task<KernelBuildManifest> BuildAsync(TempDirectory dir, string kernel)
    {
        var boot = Directory.CreateDirectory(dir.Combine("out", "arch", "x86", "boot")).FullName;
        await File.WriteAllTextAsync(Path.Combine(boot, "bzImage"), kernel, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(dir.Combine("out", ".config"), "CONFIG_VEXFS_TEST=y\n", TestContext.Current.CancellationToken);
        return new KernelBuildManifest(
            KernelBuildManifest.CurrentFormat, "kernel-tree-bookworm-plain-0123456789ab", "bookworm", "plain", $"{KernelBuildManifest.TreeSourcePrefix}/home/dev/linux",
            "e8538b054-dirty", "gcc-12", "12.2.0", "cfg", "6.1.176", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(60),
            await KernelBuildManifest.Sha256Async(Path.Combine(boot, "bzImage"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_kernel_is_published_with_its_commit_and_survives_the_next_build()
    {
        using var dir = new TempDirectory();
        var first = await BuildAsync(dir, "kernel one");

        var published = await KernelTreePublish.PublishAsync(dir.Path, dir.Combine("out"), first, TestContext.Current.CancellationToken);
        await BuildAsync(dir, "kernel two, after an edit");

        var (manifest, problem) = await KernelBuildManifest.ReadVerifiedAsync(published, TestContext.Current.CancellationToken);
        Assert.Null(problem);
        Assert.Equal("e8538b054-dirty", manifest!.SourceVersion);
        Assert.Equal("kernel one", await File.ReadAllTextAsync(Path.Combine(published, KernelBuildManifest.KernelFile), TestContext.Current.CancellationToken));
        Assert.Equal(first.KernelSha256[..12], Path.GetFileName(published));
    }

    [Fact]
    public async Task Only_the_newest_kernels_stay_and_no_temp_directory_is_left()
    {
        using var dir = new TempDirectory();
        var kept = new List<string>();
        for (var i = 0; i < KernelTreePublish.Kept + 2; i++)
        {
            kept.Add(await KernelTreePublish.PublishAsync(dir.Path, dir.Combine("out"), await BuildAsync(dir, $"kernel {i}"), TestContext.Current.CancellationToken));
            Directory.SetLastWriteTimeUtc(kept[^1], DateTime.UtcNow.AddMinutes(i - 10));
        }

        var left = Directory.GetDirectories(dir.Combine(KernelTreePublish.DirectoryName)).Order().ToList();
        Assert.Equal(kept.TakeLast(KernelTreePublish.Kept).Order(), left);
    }

    [Fact]
    public async Task A_kernel_that_changes_while_it_is_published_is_refused_and_nothing_is_published()
    {
        using var dir = new TempDirectory();
        var manifest = await BuildAsync(dir, "kernel one");
        await BuildAsync(dir, "rewritten by a build that did not take the lock");

        var e = await Assert.ThrowsAsync<LabException>(() => KernelTreePublish.PublishAsync(dir.Path, dir.Combine("out"), manifest, TestContext.Current.CancellationToken));

        Assert.Contains("changed while it was published", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Combine(KernelTreePublish.DirectoryName)));
    }
}
