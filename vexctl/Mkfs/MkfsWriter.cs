using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vexctl.Abi;

namespace Vexctl.Mkfs;

/// <summary>
/// Writes a vexfs filesystem: zeros over every metadata block (0 .. data_start-1), then the
/// superblock, both bitmaps and the root inode. The data region is left as it was.
/// </summary>
internal static class MkfsWriter
{
    public const ushort RootMode = 0x41ED; // S_IFDIR | 0755
    private const int ZeroChunk = 1 << 20;

    public static async Task WriteAsync(SafeFileHandle device, FormatLayout layout, MkfsIdentity identity, CancellationToken cancellationToken)
    {
        // The structs are written as they lie in memory, which is the on-disk little-endian form.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("vexctl mkfs writes little-endian structs and runs on little-endian hosts only");
        }

        var zeros = new byte[ZeroChunk];
        var metadataBytes = (long)layout.DataStart * VexfsAbi.BlockSize;
        for (long offset = 0; offset < metadataBytes; offset += ZeroChunk)
        {
            var length = (int)Math.Min(ZeroChunk, metadataBytes - offset);
            await RandomAccess.WriteAsync(device, zeros.AsMemory(0, length), offset, cancellationToken);
        }

        await WriteBlockAsync(device, 0, SuperBlockBlock(layout, identity), cancellationToken);
        await WriteBlockAsync(device, layout.InodeBitmapStart, Bitmap(0, 2), cancellationToken);
        for (uint i = 0; i < layout.BlockBitmapBlocks; i++)
        {
            var first = (ulong)i * VexfsAbi.BlockSize * 8;
            if (first >= layout.DataStart)
            {
                break;
            }

            var bits = (int)Math.Min(layout.DataStart - first, VexfsAbi.BlockSize * 8UL);
            await WriteBlockAsync(device, layout.BlockBitmapStart + i, Bitmap(0, bits), cancellationToken);
        }

        await WriteBlockAsync(device, layout.InodeTableStart, RootInodeBlock(identity.MkfsTime), cancellationToken);
    }

    public static unsafe VexfsSuperBlock SuperBlock(FormatLayout layout, MkfsIdentity identity)
    {
        var sb = new VexfsSuperBlock
        {
            Magic = VexfsAbi.Magic,
            FormatVersion = VexfsAbi.FormatVersion,
            BlockSize = VexfsAbi.BlockSize,
            VectorDim = layout.VectorDim,
            VectorElem = VexfsAbi.ElemInt8,
            Flags = 0,
            BlockCount = layout.BlockCount,
            InodeCount = layout.InodeCount,
            InodeBitmapStart = layout.InodeBitmapStart,
            InodeBitmapBlocks = layout.InodeBitmapBlocks,
            BlockBitmapStart = layout.BlockBitmapStart,
            BlockBitmapBlocks = layout.BlockBitmapBlocks,
            InodeTableStart = layout.InodeTableStart,
            InodeTableBlocks = layout.InodeTableBlocks,
            VectorTableStart = layout.VectorTableStart,
            VectorTableBlocks = layout.VectorTableBlocks,
            DataStart = layout.DataStart,
            FreeBlocks = layout.FreeBlocks,
            FreeInodes = layout.FreeInodes,
            MkfsTime = (ulong)identity.MkfsTime,
        };
        identity.Uuid.AsSpan().CopyTo(new Span<byte>(sb.Uuid, 16));
        CString.Write(new Span<byte>(sb.Label, 32), identity.Label);
        return sb;
    }

    public static VexfsInode RootInode(long mkfsTime) => new()
    {
        Mode = RootMode,
        LinksCount = 2,
        Uid = 0,
        Gid = 0,
        Size = 0,
        Atime = (ulong)mkfsTime,
        Mtime = (ulong)mkfsTime,
        Ctime = (ulong)mkfsTime,
        Blocks = 0,
        Parent = VexfsAbi.RootIno,
    };

    private static byte[] SuperBlockBlock(FormatLayout layout, MkfsIdentity identity)
    {
        var block = new byte[VexfsAbi.BlockSize];
        var sb = SuperBlock(layout, identity);
        MemoryMarshal.AsBytes(new ReadOnlySpan<VexfsSuperBlock>(in sb)).CopyTo(block);
        return block;
    }

    private static byte[] RootInodeBlock(long mkfsTime)
    {
        var block = new byte[VexfsAbi.BlockSize];
        var root = RootInode(mkfsTime);
        MemoryMarshal.AsBytes(new ReadOnlySpan<VexfsInode>(in root)).CopyTo(block.AsSpan((int)VexfsAbi.RootIno * Unsafe.SizeOf<VexfsInode>()));
        return block;
    }

    /// <summary>A bitmap block with bits [first, first+count) set; bit i is byte i/8, bit i%8 (LSB first).</summary>
    public static byte[] Bitmap(int first, int count)
    {
        var block = new byte[VexfsAbi.BlockSize];
        for (var bit = first; bit < first + count; bit++)
        {
            block[bit / 8] |= (byte)(1 << (bit % 8));
        }

        return block;
    }

    private static ValueTask WriteBlockAsync(SafeFileHandle device, uint block, byte[] data, CancellationToken cancellationToken) =>
        RandomAccess.WriteAsync(device, data, (long)block * VexfsAbi.BlockSize, cancellationToken);
}
