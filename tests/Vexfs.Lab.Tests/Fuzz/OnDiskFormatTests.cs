using Vexfs.Lab.Fuzz;

namespace Vexfs.Lab.Tests.Fuzz;

/// <summary>The fuzzer's layout comes from the module's uapi header; checked against a real vexctl mkfs image.</summary>
public sealed class OnDiskFormatTests
{
    [Fact]
    public void The_header_gives_the_documented_struct_sizes_and_offsets()
    {
        var format = FuzzTestImages.Format;

        Assert.Equal((176, 128, 256), (format.SuperBlock.Size, format.Inode.Size, format.DirEntry.Size));
        Assert.Equal(24, format.SuperBlock["s_block_count"].Offset);
        Assert.Equal(32, format.SuperBlock["s_inode_count"].Offset);
        Assert.Equal(16, format.Inode["i_size"].Offset);
        Assert.Equal(new FormatField("i_block", 64, 56, 4), format.Inode["i_block"]);
        Assert.Equal(new FormatField("d_name", 6, 250, 1), format.DirEntry["d_name"]);
        Assert.Equal(4096, format.BlockSize);
        Assert.Equal(1u, format.RootIno);
    }

    [Fact]
    public async Task A_vexctl_mkfs_image_reads_back_through_the_layout()
    {
        var image = new FuzzImage(FuzzTestImages.Format, await FuzzTestImages.MkfsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0x56455846UL, image.Super("s_magic"));
        Assert.Equal((ulong)image.Format.Constant("VEXFS_FORMAT_VERSION"), image.Super("s_format_version"));
        Assert.Equal((512UL, 64u, 8u), (image.BlockCount, image.InodeCount, image.Dim));
        Assert.Equal([1u], image.UsedInodes());
        Assert.True(image.IsDirectory(1));
        Assert.Equal(2UL, image.InodeField(1, "i_links_count"));
        Assert.Empty(image.Slots(1));
    }

    [Fact]
    public void A_field_added_to_the_header_moves_the_fields_after_it()
    {
        var header = File.ReadAllText(Path.Combine(RepoRoot(), "vexfs-kernel", OnDiskFormat.HeaderPath))
            .Replace("__le16 i_links_count;", "__le16 i_links_count;\n\t__le32 i_generation;", StringComparison.Ordinal);

        var format = OnDiskFormat.Parse(header);

        Assert.Equal(4, format.Inode["i_generation"].Offset);
        Assert.Equal(24, format.Inode["i_size"].Offset);
        Assert.Equal(136, format.Inode.Size);
    }

    [Fact]
    public void A_header_without_a_struct_is_refused_with_what_is_missing()
    {
        var error = Assert.Throws<LabException>(() => OnDiskFormat.Parse("#define VEXFS_BLOCK_SIZE 4096\nstruct vexfs_inode { __le16 i_mode; };"));

        Assert.Contains("vexfs_super_block", error.Message, StringComparison.Ordinal);
    }

    private static string RepoRoot() => Vexfs.Tests.RepoRoot.Find();
}
