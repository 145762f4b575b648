using System.Buffers.Binary;

namespace Vexfs.Lab.Fuzz;

/// <summary>A directory entry slot: where it lies in the image and what it names.</summary>
public sealed record DirSlot(uint Directory, long Offset, uint Ino, byte FileType, string Name);

/// <summary>
/// A vexfs image in memory, read through <see cref="OnDiskFormat"/>: the superblock's regions, the inodes in
/// use, the directory entries and block pointers. Mutators use it to find what to damage; it never repairs.
/// </summary>
public sealed class FuzzImage(OnDiskFormat format, byte[] bytes)
{
    public const int DirType = 4;
    public const int RegularType = 8;

    public OnDiskFormat Format { get; } = format;

    public byte[] Bytes { get; } = bytes;

    public int BlockSize => Format.BlockSize;

    public uint InodeCount => (uint)Super("s_inode_count");

    public ulong BlockCount => Super("s_block_count");

    public uint DataStart => (uint)Super("s_data_start");

    public uint Dim => (uint)Super("s_vector_dim");

    public ulong Super(string field) => Read(0, Format.SuperBlock[field]);

    public long InodeOffset(uint ino) => ((long)Super("s_inode_table_start") * BlockSize) + ((long)ino * Format.Inode.Size);

    public ulong InodeField(uint ino, string field, int index = 0) => Read(InodeOffset(ino), Format.Inode[field], index);

    public ushort Mode(uint ino) => (ushort)InodeField(ino, "i_mode");

    public bool IsDirectory(uint ino) => (Mode(ino) & 0xF000) == 0x4000;

    public bool IsRegular(uint ino) => (Mode(ino) & 0xF000) == 0x8000;

    /// <summary>Inodes with a mode (the root and whatever populate made), within the inode table.</summary>
    public IReadOnlyList<uint> UsedInodes() =>
        [.. Enumerable.Range(1, (int)Math.Clamp(InodeCount, 1u, 1u << 16) - 1).Select(i => (uint)i).Where(i => InodeOffset(i) + Format.Inode.Size <= Bytes.Length && Mode(i) != 0)];

    /// <summary>The non-zero block pointers of an inode: the direct ones, its indirect block and what that points to.</summary>
    public IReadOnlyList<(long Offset, uint Block)> Pointers(uint ino)
    {
        var field = Format.Inode["i_block"];
        var list = new List<(long, uint)>();
        for (var i = 0; i < field.Count; i++)
        {
            var offset = InodeOffset(ino) + field.Offset + (i * 4);
            var block = (uint)ReadAt(offset, 4);
            if (block == 0)
            {
                continue;
            }

            list.Add((offset, block));
            if (i == Format.IndirectBlock && InImage(block))
            {
                for (var j = 0; j < BlockSize / 4; j++)
                {
                    var inner = ((long)block * BlockSize) + (j * 4);
                    if (ReadAt(inner, 4) is var b and not 0)
                    {
                        list.Add((inner, (uint)b));
                    }
                }
            }
        }

        return list;
    }

    /// <summary>Every entry slot of the directory's direct blocks, used (Ino ≠ 0) or free.</summary>
    public IReadOnlyList<DirSlot> Slots(uint dir)
    {
        var slots = new List<DirSlot>();
        var entry = Format.DirEntry;
        var blocks = (int)Math.Min(InodeField(dir, "i_size") / (ulong)BlockSize, (ulong)Format.DirectBlocks);
        for (var b = 0; b < blocks; b++)
        {
            var block = (uint)InodeField(dir, "i_block", b);
            if (block == 0 || !InImage(block))
            {
                continue;
            }

            for (var s = 0; s < BlockSize / entry.Size; s++)
            {
                var offset = ((long)block * BlockSize) + (s * entry.Size);
                var ino = (uint)Read(offset, entry["d_ino"]);
                var length = Math.Min((int)Read(offset, entry["d_name_len"]), entry["d_name"].Size);
                var name = System.Text.Encoding.Latin1.GetString(Bytes, (int)(offset + entry["d_name"].Offset), length);
                slots.Add(new DirSlot(dir, offset, ino, (byte)Read(offset, entry["d_file_type"]), name));
            }
        }

        return slots;
    }

    public bool InImage(uint block) => ((long)block + 1) * BlockSize <= Bytes.Length;

    public ulong Read(long structOffset, FormatField field, int index = 0) => ReadAt(structOffset + field.Offset + ((long)index * field.ElementSize), field.ElementSize);

    public void Write(long structOffset, FormatField field, ulong value, int index = 0) => WriteAt(structOffset + field.Offset + ((long)index * field.ElementSize), field.ElementSize, value);

    public ulong ReadAt(long offset, int size)
    {
        var span = Bytes.AsSpan((int)offset, size);
        return size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            8 => BinaryPrimitives.ReadUInt64LittleEndian(span),
            _ => throw new ArgumentOutOfRangeException(nameof(size), size, "1, 2, 4 or 8 bytes"),
        };
    }

    public void WriteAt(long offset, int size, ulong value)
    {
        var span = Bytes.AsSpan((int)offset, size);
        switch (size)
        {
            case 1: span[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
            default: throw new ArgumentOutOfRangeException(nameof(size), size, "1, 2, 4 or 8 bytes");
        }
    }
}
