using Vexctl.Cli;
using Vexctl.Mkfs;

namespace Vexctl.Tests.Mkfs;

public sealed class FormatLayoutTests
{
    [Fact]
    public void A_64_MiB_image_with_dim_128_gets_4096_inodes_and_data_at_block_259()
    {
        var layout = FormatLayout.Compute(64UL << 20, 128, null);
        Assert.Equal(
            new FormatLayout(16384, 4096, 128, 1, 1, 2, 1, 3, 128, 131, 128, 259),
            layout);
        Assert.Equal(16125u, layout.FreeBlocks);
        Assert.Equal(4094u, layout.FreeInodes);
    }

    [Fact]
    public void A_1_GiB_device_with_dim_4096_caps_inodes_at_65536_with_multi_block_bitmaps()
    {
        var layout = FormatLayout.Compute(1UL << 30, 4096, null);
        Assert.Equal(
            new FormatLayout(262144, 65536, 4096, 1, 2, 3, 8, 11, 2048, 2059, 65536, 67595),
            layout);
    }

    [Fact]
    public void Small_device_reduces_the_default_inode_count_until_16_data_blocks_remain()
    {
        // 64 inodes of dim 4096 need 69 metadata blocks; 80 blocks leave 11, so 32 inodes are used.
        var layout = FormatLayout.Compute(80 * 4096, 4096, null);
        Assert.Equal(32u, layout.InodeCount);
        Assert.Equal(36u, layout.DataStart);
        Assert.Equal(44u, layout.FreeBlocks);
    }

    [Fact]
    public void Too_small_device_names_the_minimum_size()
    {
        var e = Assert.Throws<VexctlException>(() => FormatLayout.Compute(25 * 4096, 4096, null));
        Assert.Equal(ExitCodes.Failure, e.ExitCode);
        Assert.Contains("device too small: need at least 212992 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(212992UL, FormatLayout.MinimumBytes(32, 4096));
    }

    [Fact]
    public void Requested_inodes_round_up_to_a_multiple_of_32_and_fail_when_they_do_not_fit()
    {
        Assert.Equal(128u, FormatLayout.Compute(64UL << 20, 16, 100).InodeCount);
        var e = Assert.Throws<VexctlException>(() => FormatLayout.Compute(1UL << 20, 4096, 1024));
        Assert.Contains("too small for 1024 inodes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4097u)]
    public void Dimension_out_of_range_is_a_usage_error(uint dim)
    {
        var e = Assert.Throws<VexctlException>(() => FormatLayout.Compute(64UL << 20, dim, null));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }
}
