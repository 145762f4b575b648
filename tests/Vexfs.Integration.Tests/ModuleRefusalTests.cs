namespace Vexfs.Integration.Tests;

/// <summary>
/// What the module refuses without harm: an rmmod while it is mounted, a superblock that is not vexfs. Neither
/// needs the guest to itself (a refused rmmod unloads nothing whatever else is mounted), so they run in a lane
/// rather than in the serial collection, where the second vCPU idles.
/// </summary>
[Collection(GuestGroup2.Name)]
public sealed class ModuleRefusalTests(GuestFixture guest)
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
