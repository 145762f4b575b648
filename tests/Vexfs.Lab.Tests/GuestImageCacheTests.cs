using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class GuestImageCacheTests
{
    private static readonly KernelSeries Series = KernelCatalog.Default.Resolve("6.1");

    private static GuestImageCache CacheWith(TempDirectory dir, FakeImageBuilder builder) => new(
        new LabOptions(dir.Path, "http://mirror.test/debian", ImageBuilderKind.Mmdebstrap, 1024, 1, AcceleratorKind.Tcg, TimeSpan.FromMinutes(1), RepoRoot.Find()),
        NullLoggerFactory.Instance,
        new ToolLocator(),
        builder);

    [Fact]
    public async Task Two_concurrent_runs_build_once_and_get_the_same_image()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var builder = new FakeImageBuilder(TimeSpan.FromSeconds(1));

        var images = await Task.WhenAll(
            Task.Run(() => CacheWith(dir, builder).EnsureAsync(Series, ct), ct),
            Task.Run(() => CacheWith(dir, builder).EnsureAsync(Series, ct), ct));

        Assert.Equal(1, builder.Builds);
        Assert.Equal(images[0], images[1]);
        Assert.Equal("6.1.0-99-cloud-amd64", images[0].KernelRelease);
        Assert.StartsWith("ssh-ed25519 AAAA", images[0].HostPublicKey, StringComparison.Ordinal);
        Assert.True(File.Exists(images[0].PrivateKeyPath));
        Assert.False(Directory.Exists(Path.Combine(images[0].Directory, "hostkey")), "the guest's private host key must not stay in the entry");
        Assert.Empty(Directory.EnumerateDirectories(dir.Path, ".tmp-*"));
    }

    [Fact]
    public async Task A_corrupt_entry_is_deleted_and_rebuilt_with_a_new_host_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var builder = new FakeImageBuilder(TimeSpan.Zero);
        var first = await CacheWith(dir, builder).EnsureAsync(Series, ct);
        await File.AppendAllTextAsync(first.Kernel, "garbage", ct);

        var second = await CacheWith(dir, builder).EnsureAsync(Series, ct);

        Assert.Equal(2, builder.Builds);
        Assert.Equal(first.Directory, second.Directory);
        Assert.NotEqual(first.HostPublicKey, second.HostPublicKey);
    }

    [Fact]
    public async Task A_verified_entry_is_reused_and_an_interrupted_build_is_cleaned_up()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var builder = new FakeImageBuilder(TimeSpan.Zero);
        var cache = CacheWith(dir, builder);
        var key = cache.ComputeKey(Series);
        var stale = Directory.CreateDirectory(Path.Combine(dir.Path, $".tmp-{key}-deadbeef", "rootfs")).Parent!.FullName;

        await cache.EnsureAsync(Series, ct);
        await cache.EnsureAsync(Series, ct);

        Assert.Equal(1, builder.Builds);
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void The_key_follows_the_suite()
    {
        using var dir = new TempDirectory();
        var cache = CacheWith(dir, new FakeImageBuilder(TimeSpan.Zero));

        Assert.StartsWith("bookworm-", cache.ComputeKey(Series), StringComparison.Ordinal);
        Assert.StartsWith("trixie-", cache.ComputeKey(KernelCatalog.Default.Resolve("6.12")), StringComparison.Ordinal);
        Assert.Equal(cache.ComputeKey(Series), cache.ComputeKey(Series));
    }
}
