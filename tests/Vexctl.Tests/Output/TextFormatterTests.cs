using Vexctl.Output;

namespace Vexctl.Tests.Output;

public sealed class TextFormatterTests
{
    [Fact]
    public void Status_text_is_an_aligned_listing_with_a_mount_table()
    {
        var status = new StatusReport(
            1, 1, 1, "0.1.0", "6.1.0-27-cloud-amd64", 1, 10, 3, 4096,
            [new MountReport("vdb", 128, 4096, 4000, 16384, 16000, 10, 3)]);
        Assert.Equal(
            """
            ABI version:         1 (vexctl 1)
            format version:      1
            module version:      0.1.0
            kernel release:      6.1.0-27-cloud-amd64
            mounts:              1
            files with vectors:  10
            searches:            3
            vector bytes:        4096

            DEVICE  DIM  INODES  FREE INODES  BLOCKS  FREE BLOCKS  FILES WITH VECTORS  SEARCHES
            vdb     128    4096         4000   16384        16000                  10         3

            """,
            TextFormatter.Status(status));
    }

    [Fact]
    public void Status_text_without_details_has_no_table()
    {
        var text = TextFormatter.Status(new StatusReport(1, 1, 1, "v", "r", 0, 0, 0, 0, null));
        Assert.DoesNotContain("DEVICE", text, StringComparison.Ordinal);
        Assert.EndsWith("vector bytes:        0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_text_lists_rank_inode_distance_and_path()
    {
        var report = new SearchReport("dot", 3, 2, [new SearchHit(1, 12, -1500, "/mnt/docs/a.txt"), new SearchHit(2, 130, 7, null)]);
        Assert.Equal(
            """
            RANK  INODE  DISTANCE  PATH
               1     12     -1500  /mnt/docs/a.txt
               2    130         7  (path not found)

            """,
            TextFormatter.Search(report));
        Assert.Equal("no files with vectors\n", TextFormatter.Search(new SearchReport("l2", 3, 0, [])));
    }

    [Fact]
    public void Vector_text_round_trips_through_vec_set() =>
        Assert.Equal("1,-2,127\n", TextFormatter.Vector([1, -2, 127]));
}
