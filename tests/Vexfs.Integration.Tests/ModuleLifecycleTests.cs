using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>The module holds a reference while mounted and reports its state through /dev/vexfs.</summary>
[Collection(GuestGroup.Name)]
public sealed class ModuleLifecycleTests(GuestFixture guest)
{
    private readonly Vexctl vexctl = new(guest);

    [Fact]
    public async Task Rmmod_is_refused_while_mounted()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        var rmmod = await guest.FailsAsync("rmmod vexfs");
        Assert.Contains("in use", rmmod.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(int.Parse(await guest.OkAsync("cat /sys/module/vexfs/refcnt")) >= 1);
    }

    [Fact]
    public async Task Status_counts_mounts_vectors_and_searches()
    {
        var idle = await vexctl.StatusAsync();
        Assert.Equal(0, (int)idle["mounts"]!);
        Assert.Equal((string?)idle["kernelRelease"], (await guest.OkAsync("uname -r")).Trim());
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"touch {fs.Path}/x");
        await vexctl.SetAsync($"{fs.Path}/x", [1, 2, 3, 4]);
        await vexctl.SearchAsync(fs.Path, [1, 2, 3, 4], k: 1, metric: "l2");
        var busy = await vexctl.StatusAsync();
        Assert.Equal(1, (int)busy["mounts"]!);
        Assert.Equal(1, (int)busy["filesWithVectors"]!);
        Assert.True((long)busy["searches"]! > (long)idle["searches"]!);
        Assert.True((long)busy["vectorBytes"]! >= 4);
    }

    [Fact]
    public async Task A_corrupt_superblock_is_refused_cleanly()
    {
        await guest.OkAsync($"{GuestPaths.Vexctl} mkfs {guest.Device} --dim 4 --force && printf 'XXXX' | dd of={guest.Device} bs=1 seek=0 conv=notrunc status=none");
        await guest.OkAsync("mkdir -p /mnt/vexfs-test");
        await guest.FailsAsync($"mount -t vexfs {guest.Device} /mnt/vexfs-test");
        Assert.DoesNotContain(" /mnt/vexfs-test ", await guest.OkAsync("cat /proc/mounts"), StringComparison.Ordinal);
    }
}
