namespace Vexfs.Lab.Fuzz;

/// <summary>Values that break assumptions: boundaries of the field's width, of the image, and of vexfs's limits.</summary>
internal static class InterestingValues
{
    /// <summary>A value for a field of <paramref name="size"/> bytes near <paramref name="current"/>.</summary>
    public static ulong For(Random rng, int size, ulong current)
    {
        var max = size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        ulong[] edges = [0, 1, 2, max, max - 1, max >> 1, (max >> 1) + 1, current + 1, current - 1, current * 2, current ^ (1UL << rng.Next(size * 8))];
        return rng.Next(4) == 0 ? (ulong)rng.NextInt64() & max : edges[rng.Next(edges.Length)] & max;
    }

    /// <summary>
    /// An i_size: for a directory, often a huge whole number of blocks up to 2^32 (the module counts a
    /// directory's blocks in 32 bits; the walk over them is the point), or not a whole number; for a file, past
    /// the 4 GiB maximum, negative as loff_t, or beyond its blocks.
    /// </summary>
    public static ulong Size(Random rng, bool directory, ulong current, int blockSize) => rng.Next(6) switch
    {
        0 or 1 when directory => (ulong)rng.NextInt64(1L << 28, 1L << 32) * (ulong)blockSize,
        0 => (1UL << 63) + (ulong)rng.Next(1 << 20),
        1 => 4_299_210_752UL + (ulong)rng.Next(1, 1 << 16),
        2 => current + (ulong)rng.Next(1, blockSize),
        3 => ulong.MaxValue,
        4 => current * (ulong)rng.Next(2, 1 << 12),
        _ => 0,
    };

    /// <summary>A link count: 0, 1 (a directory needs 2 or more), one below or above, the maximum.</summary>
    public static ulong Links(Random rng, ulong current)
    {
        ulong[] values = [0, 1, 2, current - 1, current + 1, 65535, 65534];
        return values[rng.Next(values.Length)] & 0xFFFF;
    }

    /// <summary>An i_mode: another file type (or none), other permission bits.</summary>
    public static ulong Mode(Random rng, ulong current)
    {
        ulong[] types = [0x0000, 0x1000, 0x2000, 0x4000, 0x6000, 0x8000, 0xA000, 0xC000, 0xF000];
        return rng.Next(3) == 0 ? current ^ (1UL << rng.Next(16)) : (types[rng.Next(types.Length)] | (current & 0x0FFF)) & 0xFFFF;
    }

    /// <summary>A block number: a hole, a metadata block, the last block, past the image or the device, or a random one.</summary>
    public static uint Block(Random rng, FuzzImage image)
    {
        uint[] values =
        [
            0, 1, (uint)image.Super("s_inode_table_start"), (uint)image.Super("s_vector_table_start"), image.DataStart - 1,
            (uint)image.BlockCount - 1, (uint)image.BlockCount, (uint)image.BlockCount + 1, uint.MaxValue, 0x8000_0000,
        ];
        return rng.Next(4) == 0 ? (uint)rng.Next((int)Math.Min(image.BlockCount, int.MaxValue)) : values[rng.Next(values.Length)];
    }
}
