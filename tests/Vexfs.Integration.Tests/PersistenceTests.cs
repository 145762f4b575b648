using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>Data, names and vectors survive umount/mount and a module reload.</summary>
[Collection(GuestAlone.Name)]
[Trait("FailureClass", "DataLoss")]
public sealed class PersistenceTests(GuestFixture guest)
{
    [Fact]
    public async Task Persists_across_umount_mount_and_rmmod_insmod()
    {
        var fs = guest.Vexfs(dim: 8, inodes: null); // mkfs's default layout of the whole disk
        int[] vector = [10, -20, 30, -40, 50, -60, 70, -80];
        var blob = $"{fs.Path}/docs/deep/blob";
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"mkdir -p {fs.Path}/docs/deep && {GuestProbe.Run("fill /tmp/blob 300000 2")} && cp /tmp/blob {blob} && echo small > {fs.Path}/docs/s");
        script.Ok(Vexctl.SetCommand(blob, vector));
        var expected = script.Ok(Snapshot(fs.Path));

        script.Ok(fs.RemountCommand);
        var remounted = script.Ok(Snapshot(fs.Path));
        var remountedVector = script.Ok(Vexctl.GetCommand(blob));

        script.Ok(fs.UnmountCommand);
        script.Ok($"rmmod vexfs && insmod {GuestPaths.Module}");
        script.Ok(fs.MountCommand);
        var reloaded = script.Ok(Snapshot(fs.Path));
        var reloadedVector = script.Ok(Vexctl.GetCommand(blob));
        var hits = script.Ok(Vexctl.SearchCommand(fs.Path, vector, k: 1, metric: "l2"));
        var inode = script.Ok($"stat -c %i {blob}");
        await guest.RunAsync(script);

        Assert.Equal(expected.Stdout, remounted.Stdout);
        Assert.Equal(vector, Vexctl.ParseVector(remountedVector.Stdout));
        Assert.Equal(expected.Stdout, reloaded.Stdout);
        Assert.Equal(vector, Vexctl.ParseVector(reloadedVector.Stdout));
        Assert.Equal(new SearchHit(ulong.Parse(inode.Stdout), 0), Assert.Single(Vexctl.ParseHits(hits.Stdout)));
    }

    // Every name with its size, mode and link count, and every file's checksum, sorted: three processes (this runs
    // three times in the serial collection; find, sort, xargs, md5sum and stat a listing were eight).
    private static string Snapshot(string root) =>
        $"cd {root} && find . -printf '%p %s %m %n\\n' -type f -exec md5sum {{}} + | LC_ALL=C sort";
}
