using Vexctl.Abi;
using Vexctl.Cli;

namespace Vexctl.Mkfs;

/// <summary>
/// Where each region of a vexfs filesystem lies, in blocks. Regions follow the superblock back to
/// back: inode bitmap, block bitmap, inode table, vector table, then data.
/// </summary>
internal sealed record FormatLayout(
    ulong BlockCount,
    uint InodeCount,
    uint VectorDim,
    uint InodeBitmapStart,
    uint InodeBitmapBlocks,
    uint BlockBitmapStart,
    uint BlockBitmapBlocks,
    uint InodeTableStart,
    uint InodeTableBlocks,
    uint VectorTableStart,
    uint VectorTableBlocks,
    uint DataStart)
{
    /// <summary>A filesystem must keep at least this many data blocks after its metadata.</summary>
    public const uint MinDataBlocks = 16;

    public const uint InodeMultiple = VexfsAbi.BlockSize / 128;

    private const ulong BitsPerBlock = VexfsAbi.BlockSize * 8;

    public uint FreeBlocks => (uint)(BlockCount - DataStart);

    /// <summary>Every inode but 0 (reserved) and 1 (the root).</summary>
    public uint FreeInodes => InodeCount - 2;

    public bool Fits => (ulong)DataStart + MinDataBlocks <= BlockCount;

    /// <summary>The layout for a device of <paramref name="sizeBytes"/> bytes.</summary>
    public static FormatLayout Compute(ulong sizeBytes, uint dim, uint? requestedInodes)
    {
        if (dim is < 1 or > VexfsAbi.MaxDim)
        {
            throw VexctlException.Usage($"--dim {dim} is out of range: give 1..{VexfsAbi.MaxDim}");
        }

        var blockCount = sizeBytes / VexfsAbi.BlockSize;
        if (blockCount > uint.MaxValue)
        {
            throw new VexctlException(ExitCodes.Failure, $"device too large: vexfs addresses at most {uint.MaxValue} blocks of 4096 bytes");
        }

        if (requestedInodes is { } requested)
        {
            var inodes = RoundUp(requested);
            var layout = For(blockCount, inodes, dim);
            return layout.Fits
                ? layout
                : throw new VexctlException(
                    ExitCodes.Failure,
                    $"device too small for {inodes} inodes of dim {dim}: need at least {MinimumBytes(inodes, dim)} bytes; " +
                    "give fewer --inodes or a larger device");
        }

        var count = RoundUp((uint)Math.Min(65536UL, Math.Max(64UL, blockCount / 4)));
        var candidate = For(blockCount, count, dim);
        while (!candidate.Fits && count > InodeMultiple)
        {
            count -= InodeMultiple;
            candidate = For(blockCount, count, dim);
        }

        return candidate.Fits
            ? candidate
            : throw new VexctlException(
                ExitCodes.Failure,
                $"device too small: need at least {MinimumBytes(InodeMultiple, dim)} bytes for dim {dim} (it has {sizeBytes})");
    }

    /// <summary>The regions for a given block count, inode count and dimension.</summary>
    public static FormatLayout For(ulong blockCount, uint inodeCount, uint dim)
    {
        var inodeBitmapBlocks = Blocks(inodeCount, BitsPerBlock);
        var blockBitmapBlocks = Blocks(blockCount, BitsPerBlock);
        var inodeTableBlocks = Blocks(inodeCount, InodeMultiple);
        var vectorTableBlocks = Blocks((ulong)inodeCount * dim, VexfsAbi.BlockSize);
        var inodeBitmapStart = 1UL;
        var blockBitmapStart = inodeBitmapStart + inodeBitmapBlocks;
        var inodeTableStart = blockBitmapStart + blockBitmapBlocks;
        var vectorTableStart = inodeTableStart + inodeTableBlocks;
        var dataStart = vectorTableStart + vectorTableBlocks;
        return new FormatLayout(
            blockCount,
            inodeCount,
            dim,
            (uint)inodeBitmapStart,
            (uint)inodeBitmapBlocks,
            (uint)blockBitmapStart,
            (uint)blockBitmapBlocks,
            (uint)inodeTableStart,
            (uint)inodeTableBlocks,
            (uint)vectorTableStart,
            (uint)vectorTableBlocks,
            (uint)Math.Min(dataStart, uint.MaxValue));
    }

    /// <summary>The smallest device, in bytes, that holds this many inodes plus the minimum data.</summary>
    public static ulong MinimumBytes(uint inodeCount, uint dim)
    {
        // The block bitmap grows with the device, so iterate to the fixed point.
        ulong blocks = 1;
        while (For(blocks, inodeCount, dim) is var layout && !layout.Fits)
        {
            blocks = (ulong)layout.DataStart + MinDataBlocks;
        }

        return blocks * VexfsAbi.BlockSize;
    }

    private static uint RoundUp(uint inodes) =>
        (uint)Math.Min(((ulong)inodes + InodeMultiple - 1) / InodeMultiple * InodeMultiple, uint.MaxValue - InodeMultiple + 1);

    private static ulong Blocks(ulong items, ulong perBlock) => (items + perBlock - 1) / perBlock;
}
