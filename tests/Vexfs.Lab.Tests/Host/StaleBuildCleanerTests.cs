using Vexfs.Lab.Host;

namespace Vexfs.Lab.Tests.Host;

/// <summary>What the cleaner of interrupted builds detaches before it deletes.</summary>
public sealed class StaleBuildCleanerTests
{
    [Fact]
    public void Mounts_left_inside_an_interrupted_build_are_found_deepest_first()
    {
        const string mounts = "proc /proc proc rw 0 0\n" +
            "proc /cache/.tmp-k-1/rootfs/proc proc rw 0 0\n" +
            "udev /cache/.tmp-k-1/rootfs/dev devtmpfs rw 0 0\n" +
            "devpts /cache/.tmp-k-1/rootfs/dev/pts devpts rw 0 0\n" +
            "proc /cache/.tmp-k-10/rootfs/proc proc rw 0 0\n";

        Assert.Equal(
            ["/cache/.tmp-k-1/rootfs/dev/pts", "/cache/.tmp-k-1/rootfs/proc", "/cache/.tmp-k-1/rootfs/dev"],
            StaleBuildCleaner.MountPointsUnder(mounts, "/cache/.tmp-k-1/"));
    }
}
