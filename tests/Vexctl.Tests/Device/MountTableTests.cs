using Vexctl.Device;

namespace Vexctl.Tests.Device;

public sealed class MountTableTests
{
    // Recorded from a Debian guest with a vexfs mount on a loop device.
    private static readonly string[] MountInfo =
    [
        "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda rw",
        "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
        "40 22 7:0 / /mnt/vex rw,relatime shared:20 - vexfs /dev/loop0 rw",
        "41 22 254:16 / /mnt/my\\040disk rw,relatime - vexfs /dev/vdb rw",
        "garbage line",
    ];

    [Fact]
    public void Parses_devices_mount_points_types_and_sources_with_escapes()
    {
        var table = MountTable.Parse(MountInfo);
        Assert.Equal(4, table.Entries.Count);
        Assert.Equal(new MountEntry(7, 0, "/mnt/vex", "vexfs", "/dev/loop0"), table.Entries[2]);
        Assert.Equal(new MountEntry(254, 16, "/mnt/my disk", "vexfs", "/dev/vdb"), table.Entries[3]);
        Assert.True(table.IsSourceMounted("/dev/vdb"));
        Assert.False(table.IsSourceMounted("/dev/vdc"));
    }

    [Fact]
    public void Finds_the_mount_of_a_real_path_on_this_host()
    {
        var mount = MountTable.Load().Find(Path.GetTempPath());
        Assert.NotNull(mount);
        Assert.StartsWith("/", mount.MountPoint, StringComparison.Ordinal);
        Assert.NotEqual(MountTable.VexfsType, mount.FsType);
    }
}
