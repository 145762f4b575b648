using System.Globalization;
using Vexctl.Mkfs;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Mkfs;

/// <summary>
/// Writes an 8 MiB image (pre-filled with 0xAA) with MkfsWriter and checks it against a C program that
/// fills struct vexfs_super_block and the root struct vexfs_inode through vexfs.h with the same values.
/// </summary>
public sealed class MkfsImageTests : IDisposable
{
    private const long MkfsTime = 1_700_000_000;
    private const int Block = 4096;
    private static byte[] Uuid => [0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x46, 0x87, 0x98, 0xA9, 0xBA, 0xCB, 0xDC, 0xED, 0xFE, 0x0F];
    private readonly string _image = Path.Combine(Path.GetTempPath(), $"vexctl-mkfs-{Guid.NewGuid():N}.img");

    public void Dispose() => File.Delete(_image);

    [Fact]
    public async Task Superblock_and_root_inode_match_the_header_layout_byte_for_byte()
    {
        var image = await WriteImageAsync();
        var c = (await CProgram.CompileAndRunAsync(CSource())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cSuper = Convert.FromHexString(c[0]);
        var cRoot = Convert.FromHexString(c[1]);

        Assert.Equal(176, cSuper.Length);
        Assert.Equal(Convert.ToHexString(cSuper), Convert.ToHexString(image.AsSpan(0, 176)));
        Assert.True(image.AsSpan(176, Block - 176).IndexOfAnyExcept((byte)0) < 0, "block 0 after the superblock must be zero");

        var table = 3 * Block;
        Assert.Equal(128, cRoot.Length);
        Assert.True(image.AsSpan(table, 128).IndexOfAnyExcept((byte)0) < 0, "inode 0 must be zero");
        Assert.Equal(Convert.ToHexString(cRoot), Convert.ToHexString(image.AsSpan(table + 128, 128)));
    }

    [Fact]
    public async Task Bitmaps_mark_inodes_0_and_1_and_every_metadata_block_and_the_rest_is_zeroed()
    {
        var image = await WriteImageAsync();

        // Inode bitmap (block 1): inodes 0 and 1.
        Assert.Equal(0x03, image[Block]);
        Assert.True(image.AsSpan(Block + 1, Block - 1).IndexOfAnyExcept((byte)0) < 0);

        // Block bitmap (block 2): blocks 0..34 = 4 full bytes + bits 32..34.
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, 0x07], image.AsSpan(2 * Block, 5).ToArray());
        Assert.True(image.AsSpan((2 * Block) + 5, Block - 5).IndexOfAnyExcept((byte)0) < 0);

        // Inode table (3..18) apart from the root inode, and vector table (19..34): zero.
        Assert.True(image.AsSpan((3 * Block) + 256, (32 * Block) - 256).IndexOfAnyExcept((byte)0) < 0, "metadata must be zeroed");

        // The data region is left alone.
        Assert.True(image.AsSpan(35 * Block).IndexOfAnyExcept((byte)0xAA) < 0, "mkfs must not write the data region");
    }

    private async Task<byte[]> WriteImageAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var fill = new byte[8 << 20];
        Array.Fill(fill, (byte)0xAA);
        await File.WriteAllBytesAsync(_image, fill, ct);
        var layout = FormatLayout.Compute(8UL << 20, 128, null);
        Assert.Equal(new FormatLayout(2048, 512, 128, 1, 1, 2, 1, 3, 16, 19, 16, 35), layout);
        using (var handle = File.OpenHandle(_image, FileMode.Open, FileAccess.ReadWrite))
        {
            await MkfsWriter.WriteAsync(handle, layout, new MkfsIdentity(Uuid, "vexfs-test", MkfsTime), ct);
        }

        return await File.ReadAllBytesAsync(_image, ct);
    }

    private static string CSource()
    {
        var uuid = string.Join(", ", Uuid.Select(b => "0x" + b.ToString("x2", CultureInfo.InvariantCulture)));
        return $$"""
            #include <stdio.h>
            #include <string.h>
            #include "{{RepoPaths.UapiHeader}}"

            static void dump(const void *p, size_t n)
            {
            	const unsigned char *b = p;
            	for (size_t i = 0; i < n; i++)
            		printf("%02X", b[i]);
            	printf("\n");
            }

            int main(void)
            {
            	static const unsigned char uuid[16] = { {{uuid}} };
            	struct vexfs_super_block sb;
            	struct vexfs_inode root;

            	memset(&sb, 0, sizeof(sb));
            	sb.s_magic = VEXFS_MAGIC;
            	sb.s_format_version = VEXFS_FORMAT_VERSION;
            	sb.s_block_size = VEXFS_BLOCK_SIZE;
            	sb.s_vector_dim = 128;
            	sb.s_vector_elem = VEXFS_ELEM_INT8;
            	sb.s_flags = 0;
            	sb.s_block_count = 2048;
            	sb.s_inode_count = 512;
            	sb.s_inode_bitmap_start = 1;
            	sb.s_inode_bitmap_blocks = 1;
            	sb.s_block_bitmap_start = 2;
            	sb.s_block_bitmap_blocks = 1;
            	sb.s_inode_table_start = 3;
            	sb.s_inode_table_blocks = 16;
            	sb.s_vector_table_start = 19;
            	sb.s_vector_table_blocks = 16;
            	sb.s_data_start = 35;
            	sb.s_free_blocks = 2048 - 35;
            	sb.s_free_inodes = 512 - 2;
            	sb.s_mkfs_time = {{MkfsTime}}ULL;
            	memcpy(sb.s_uuid, uuid, 16);
            	strcpy(sb.s_label, "vexfs-test");
            	dump(&sb, sizeof(sb));

            	memset(&root, 0, sizeof(root));
            	root.i_mode = 040755;
            	root.i_links_count = 2;
            	root.i_atime = root.i_mtime = root.i_ctime = {{MkfsTime}}ULL;
            	root.i_parent = VEXFS_ROOT_INO;
            	dump(&root, sizeof(root));
            	return 0;
            }
            """;
    }
}
