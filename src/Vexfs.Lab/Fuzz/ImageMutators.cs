using System.Globalization;

namespace Vexfs.Lab.Fuzz;

/// <summary>The kinds of damage a case can do; each mutation names its kind and what it changed.</summary>
public enum MutationKind
{
    SuperblockField,
    InodeField,
    DirectoryEntry,
    BlockPointer,
    Bitmap,
    VectorTable,
    RandomBytes,
}

/// <summary>One change made to an image, described so a reproducer says what was done.</summary>
public sealed record Mutation(MutationKind Kind, string Description);

/// <summary>
/// Structure-aware mutations of a vexfs image (fields found through <see cref="FuzzImage"/>), plus seeded
/// random byte damage. Every choice comes from the caller's <see cref="Random"/>, so a seed replays a case.
/// </summary>
public static class ImageMutators
{
    // Relative weights: inodes and directory entries are where the module trusts the disk most.
    private static readonly (MutationKind Kind, int Weight)[] Weights =
    [
        (MutationKind.SuperblockField, 10), (MutationKind.InodeField, 26), (MutationKind.DirectoryEntry, 22),
        (MutationKind.BlockPointer, 14), (MutationKind.Bitmap, 10), (MutationKind.VectorTable, 8), (MutationKind.RandomBytes, 10),
    ];

    public static Mutation Apply(Random rng, FuzzImage image, MutationKind? kind = null)
    {
        var k = kind ?? Pick(rng);
        try
        {
            var description = k switch
            {
                MutationKind.SuperblockField => SuperblockField(rng, image),
                MutationKind.InodeField => InodeField(rng, image),
                MutationKind.DirectoryEntry => DirectoryEntry(rng, image),
                MutationKind.BlockPointer => BlockPointer(rng, image),
                MutationKind.Bitmap => Bitmap(rng, image),
                MutationKind.VectorTable => VectorTable(rng, image),
                _ => RandomBytes(rng, image),
            };
            return new Mutation(k, description);
        }
        catch (Exception e) when (k != MutationKind.RandomBytes && e is ArgumentException or IndexOutOfRangeException)
        {
            // An earlier mutation of the case moved the structure this one reads (an inode table past the end,
            // no inodes): it cannot be applied, and random bytes take its place. The same seed takes the same path.
            return new Mutation(MutationKind.RandomBytes, $"{k} not applicable to the damaged layout: " + RandomBytes(rng, image));
        }
    }

    private static MutationKind Pick(Random rng)
    {
        var roll = rng.Next(Weights.Sum(w => w.Weight));
        foreach (var (kind, weight) in Weights)
        {
            if ((roll -= weight) < 0)
            {
                return kind;
            }
        }

        return MutationKind.RandomBytes;
    }

    private static string SuperblockField(Random rng, FuzzImage image)
    {
        var fields = image.Format.SuperBlock.Fields.Where(f => f.ElementSize == f.Size).ToList();
        var field = fields[rng.Next(fields.Count)];
        var old = image.Read(0, field);
        var value = InterestingValues.For(rng, field.Size, old);
        image.Write(0, field, value);
        return $"superblock {field.Name}: {old} -> {value}";
    }

    private static string InodeField(Random rng, FuzzImage image)
    {
        var used = image.UsedInodes();
        var dirs = used.Where(image.IsDirectory).ToList();
        var ino = dirs.Count > 0 && rng.Next(2) == 0 ? dirs[rng.Next(dirs.Count)] : used[rng.Next(used.Count)];
        var inode = image.Format.Inode;
        string[] favourites = ["i_size", "i_size", "i_links_count", "i_links_count", "i_mode", "i_blocks", "i_flags"];
        var name = rng.Next(4) == 0 ? inode.Fields[rng.Next(inode.Fields.Count)].Name : favourites[rng.Next(favourites.Length)];
        var field = inode.Find(name) ?? inode.Fields[0];
        var index = rng.Next(field.Count);
        var old = image.Read(image.InodeOffset(ino), field, index);
        var value = field.Name switch
        {
            "i_size" => InterestingValues.Size(rng, image.IsDirectory(ino), old, image.BlockSize),
            "i_links_count" => InterestingValues.Links(rng, old),
            "i_mode" => InterestingValues.Mode(rng, old),
            "i_block" => InterestingValues.Block(rng, image),
            _ when field.Name.EndsWith("_nsec", StringComparison.Ordinal) => rng.Next(2) == 0 ? 1_000_000_000UL : uint.MaxValue,
            _ => InterestingValues.For(rng, field.ElementSize, old),
        };
        image.Write(image.InodeOffset(ino), field, value, index);
        var at = field.Count > 1 ? $"[{index}]" : "";
        return $"inode {ino} ({(image.IsDirectory(ino) ? "dir" : "file")}) {field.Name}{at}: {old} -> {value}";
    }

    private static string DirectoryEntry(Random rng, FuzzImage image)
    {
        var slots = image.UsedInodes().Where(image.IsDirectory).SelectMany(image.Slots).ToList();
        var used = slots.Where(s => s.Ino != 0).ToList();
        if (used.Count == 0)
        {
            return RandomBytes(rng, image);
        }

        var entry = image.Format.DirEntry;
        var op = rng.Next(6);
        if (op <= 1)
        {
            // A second entry naming a file: the link count no longer matches the names (a crash mid-rename leaves this).
            var files = used.Where(s => s.FileType == FuzzImage.RegularType).ToList();
            var source = files.Count > 0 ? files[rng.Next(files.Count)] : used[rng.Next(used.Count)];
            var free = slots.Where(s => s.Ino == 0 && (op == 0 ? s.Directory == source.Directory : s.Directory != source.Directory)).ToList();
            if (free.Count == 0)
            {
                free = [.. slots.Where(s => s.Ino == 0)];
            }

            if (free.Count > 0)
            {
                var target = free[rng.Next(free.Count)];
                Array.Copy(image.Bytes, source.Offset, image.Bytes, target.Offset, entry.Size);
                var name = "dup" + rng.Next(1000).ToString(CultureInfo.InvariantCulture);
                WriteName(image, target.Offset, name);
                return $"directory {target.Directory}: a second entry \"{name}\" for inode {source.Ino} (\"{source.Name}\" in directory {source.Directory})";
            }
        }

        var slot = used[rng.Next(used.Count)];
        switch (op)
        {
            case 2:
                var ino = rng.Next(3) switch { 0 => slot.Directory, 1 => image.InodeCount + (uint)rng.Next(3), _ => (uint)rng.Next((int)Math.Min(image.InodeCount, 4096)) };
                image.Write(slot.Offset, entry["d_ino"], ino);
                return $"directory {slot.Directory} entry \"{slot.Name}\": d_ino {slot.Ino} -> {ino}";
            case 3:
                var length = (ulong)(rng.Next(2) == 0 ? 0 : rng.Next(entry["d_name"].Size, 256));
                image.Write(slot.Offset, entry["d_name_len"], length);
                return $"directory {slot.Directory} entry \"{slot.Name}\": d_name_len -> {length}";
            case 4:
                var type = (ulong)rng.Next(16);
                image.Write(slot.Offset, entry["d_file_type"], type);
                return $"directory {slot.Directory} entry \"{slot.Name}\": d_file_type {slot.FileType} -> {type}";
            default:
                var names = used.Where(s => s.Directory == slot.Directory && s != slot).ToList();
                var name = names.Count > 0 && rng.Next(2) == 0 ? names[rng.Next(names.Count)].Name : rng.Next(2) == 0 ? "a/b" : "x\0y";
                WriteName(image, slot.Offset, name);
                return $"directory {slot.Directory} entry \"{slot.Name}\": renamed to \"{name.Replace("\0", "\\0", StringComparison.Ordinal)}\"";
        }
    }

    private static string BlockPointer(Random rng, FuzzImage image)
    {
        var owners = image.UsedInodes().Select(i => (Ino: i, Pointers: image.Pointers(i))).Where(o => o.Pointers.Count > 0).ToList();
        if (owners.Count == 0)
        {
            return RandomBytes(rng, image);
        }

        var (ino, pointers) = owners[rng.Next(owners.Count)];
        var (offset, old) = pointers[rng.Next(pointers.Count)];
        var others = owners.Where(o => o.Ino != ino).SelectMany(o => o.Pointers).ToList();
        var value = others.Count > 0 && rng.Next(3) == 0 ? others[rng.Next(others.Count)].Block : InterestingValues.Block(rng, image);
        image.WriteAt(offset, 4, value);
        return $"inode {ino}: block pointer at byte {offset} {old} -> {value}";
    }

    private static string Bitmap(Random rng, FuzzImage image)
    {
        var inodeMap = rng.Next(2) == 0;
        var start = (long)image.Super(inodeMap ? "s_inode_bitmap_start" : "s_block_bitmap_start") * image.BlockSize;
        var bits = inodeMap ? image.InodeCount : (uint)Math.Min(image.BlockCount, (ulong)image.BlockSize * 8);
        var name = inodeMap ? "inode" : "block";
        switch (rng.Next(4))
        {
            case 0:
                image.Bytes.AsSpan((int)start, (int)Math.Min((bits + 7) / 8, (uint)image.BlockSize)).Fill((byte)(rng.Next(2) == 0 ? 0 : 0xFF));
                return $"{name} bitmap: every bit {(image.Bytes[start] == 0 ? "cleared" : "set")}";
            default:
                var count = rng.Next(1, 9);
                var flipped = new List<uint>();
                for (var i = 0; i < count; i++)
                {
                    var bit = (uint)rng.Next((int)Math.Min(bits, 4096u));
                    image.Bytes[start + (bit / 8)] ^= (byte)(1 << (int)(bit % 8));
                    flipped.Add(bit);
                }

                return $"{name} bitmap: bits {string.Join(',', flipped)} flipped";
        }
    }

    private static string VectorTable(Random rng, FuzzImage image)
    {
        var flags = image.Format.Inode["i_flags"];
        if (rng.Next(2) == 0)
        {
            // HAS_VECTOR on an inode that should have none: a directory, a free inode, a file without one.
            var ino = (uint)rng.Next(1, (int)Math.Min(image.InodeCount, 64));
            var old = image.Read(image.InodeOffset(ino), flags);
            var value = rng.Next(3) == 0 ? uint.MaxValue : old ^ image.Format.HasVectorFlag;
            image.Write(image.InodeOffset(ino), flags, value);
            return $"inode {ino} i_flags (vector flag): {old} -> {value}";
        }

        var slot = rng.Next((int)Math.Min(image.InodeCount, 64));
        var offset = (image.Super("s_vector_table_start") * (ulong)image.BlockSize) + ((ulong)slot * image.Dim);
        var length = (int)Math.Min(image.Dim, (uint)(image.Bytes.Length - (long)offset));
        rng.NextBytes(image.Bytes.AsSpan((int)offset, Math.Max(0, length)));
        return $"vector table: slot {slot} ({length} bytes) randomised";
    }

    private static string RandomBytes(Random rng, FuzzImage image)
    {
        // Mostly metadata (where the module parses), sometimes anywhere (directory and indirect blocks too).
        var limit = rng.Next(3) == 0 ? image.Bytes.Length : (int)Math.Min((long)image.DataStart * image.BlockSize, image.Bytes.Length);
        var count = rng.Next(1, 17);
        var offsets = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var at = rng.Next(limit);
            image.Bytes[at] = (byte)rng.Next(256);
            offsets.Add(at);
        }

        return $"random bytes at {string.Join(',', offsets)}";
    }

    private static void WriteName(FuzzImage image, long entryOffset, string name)
    {
        var entry = image.Format.DirEntry;
        var bytes = System.Text.Encoding.Latin1.GetBytes(name);
        var field = entry["d_name"];
        image.Bytes.AsSpan((int)(entryOffset + field.Offset), field.Size).Clear();
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Size)).CopyTo(image.Bytes.AsSpan((int)(entryOffset + field.Offset)));
        image.Write(entryOffset, entry["d_name_len"], (ulong)Math.Min(bytes.Length, field.Size));
    }
}
