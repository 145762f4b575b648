using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>Data, names and vectors survive umount/mount and a module reload.</summary>
[Collection(GuestGroup.Name)]
public sealed class PersistenceTests(GuestFixture guest)
{
    private readonly Vexctl vexctl = new(guest);

    [Fact]
    public async Task Persists_across_umount_mount_and_rmmod_insmod()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 8);
        await guest.OkAsync($"mkdir -p {fs.Path}/docs/deep && head -c 300000 /dev/urandom > /tmp/blob && cp /tmp/blob {fs.Path}/docs/deep/blob && echo small > {fs.Path}/docs/s");
        int[] vector = [10, -20, 30, -40, 50, -60, 70, -80];
        await vexctl.SetAsync($"{fs.Path}/docs/deep/blob", vector);
        var expected = await SnapshotAsync(fs.Path);

        await fs.RemountAsync();
        Assert.Equal(expected, await SnapshotAsync(fs.Path));
        Assert.Equal(vector, await vexctl.GetAsync($"{fs.Path}/docs/deep/blob"));

        await fs.UnmountAsync();
        await guest.OkAsync($"rmmod vexfs && insmod {GuestPaths.Module}");
        await fs.MountAsync();
        Assert.Equal(expected, await SnapshotAsync(fs.Path));
        Assert.Equal(vector, await vexctl.GetAsync($"{fs.Path}/docs/deep/blob"));
        var hits = await vexctl.SearchAsync(fs.Path, vector, k: 1, metric: "l2");
        Assert.Equal(0, Assert.Single(hits).Distance);
    }

    private Task<string> SnapshotAsync(string root) =>
        guest.OkAsync($"cd {root} && find . | sort && find . -type f | sort | xargs md5sum && stat -c '%n %s %a %h' $(find . | sort)");
}
