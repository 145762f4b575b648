namespace Vexfs.Integration.Tests;

/// <summary>The module holds a reference while mounted and reports its state through /dev/vexfs.</summary>
[Collection(GuestAlone.Name)]
public sealed class ModuleLifecycleTests(GuestFixture guest)
{
    [Fact]
    public async Task Rmmod_is_refused_while_mounted()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        var rmmod = script.Fails("rmmod vexfs");
        var refcnt = script.Ok("cat /sys/module/vexfs/refcnt");
        var still = script.Ok($"grep -qw vexfs /proc/filesystems && touch {fs.Path}/alive && echo yes");
        await guest.RunAsync(script);

        Assert.Contains("in use", rmmod.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(int.Parse(refcnt.Stdout) >= 1);
        Assert.Equal("yes", still.Stdout.Trim());
    }

    [Fact]
    public async Task Status_counts_mounts_vectors_and_searches()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        var idle = script.Ok(Vexctl.StatusCommand);
        var release = script.Ok("uname -r");
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/x");
        script.Ok(Vexctl.SetCommand($"{fs.Path}/x", [1, 2, 3, 4]));
        script.Ok(Vexctl.SearchCommand(fs.Path, [1, 2, 3, 4], k: 1, metric: "l2"));
        var busy = script.Ok(Vexctl.StatusCommand);
        await guest.RunAsync(script);

        var before = Vexctl.ParseStatus(idle.Stdout);
        var after = Vexctl.ParseStatus(busy.Stdout);
        Assert.Equal(0, (int)before["mounts"]!);
        Assert.Equal((string?)before["kernelRelease"], release.Stdout.Trim());
        Assert.Equal(1, (int)after["mounts"]!);
        Assert.Equal(1, (int)after["filesWithVectors"]!);
        Assert.True((long)after["searches"]! > (long)before["searches"]!);
        Assert.True((long)after["vectorBytes"]! >= 4);
        var mount = Assert.Single(after["mountDetails"]!.AsArray());
        Assert.Equal(4, (int)mount!["vectorDim"]!);
    }

    [Fact]
    public async Task A_corrupt_superblock_is_refused_cleanly()
    {
        var script = new GuestScript();
        script.Ok($"umount {guest.MountPoint} 2>/dev/null; {Vexctl.Program} mkfs {guest.Device} --dim 4 --inodes {TestVexfs.SmallInodeCount} --force && printf 'XXXX' | dd of={guest.Device} bs=1 seek=0 conv=notrunc status=none");
        script.Ok($"mkdir -p {guest.MountPoint}");
        script.Fails($"mount -t vexfs {guest.Device} {guest.MountPoint}");
        var mounts = script.Ok("cat /proc/mounts");
        await guest.RunAsync(script);

        Assert.DoesNotContain($" {guest.MountPoint} ", mounts.Stdout, StringComparison.Ordinal);
    }
}
