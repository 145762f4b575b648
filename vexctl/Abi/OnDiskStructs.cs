using System.Runtime.InteropServices;

namespace Vexctl.Abi;

/// <summary>struct vexfs_super_block: 176 bytes at offset 0 of block 0, little-endian.</summary>
[StructLayout(LayoutKind.Sequential, Size = 176)]
internal unsafe struct VexfsSuperBlock
{
    public uint Magic;
    public uint FormatVersion;
    public uint BlockSize;
    public uint VectorDim;
    public uint VectorElem;
    public uint Flags;
    public ulong BlockCount;
    public uint InodeCount;
    public uint InodeBitmapStart;
    public uint InodeBitmapBlocks;
    public uint BlockBitmapStart;
    public uint BlockBitmapBlocks;
    public uint InodeTableStart;
    public uint InodeTableBlocks;
    public uint VectorTableStart;
    public uint VectorTableBlocks;
    public uint DataStart;
    public uint FreeBlocks;
    public uint FreeInodes;
    public ulong MkfsTime;
    public fixed byte Uuid[16];
    public fixed byte Label[32];
    public fixed byte Reserved[40];
}

/// <summary>struct vexfs_inode: 128 bytes, 32 per inode-table block.</summary>
[StructLayout(LayoutKind.Sequential, Size = 128)]
internal unsafe struct VexfsInode
{
    public ushort Mode;
    public ushort LinksCount;
    public uint Uid;
    public uint Gid;
    public uint Flags;
    public ulong Size;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Blocks;
    public fixed uint Block[VexfsAbi.NBlocks];

    /// <summary>The directory the inode was created or last renamed in (the root's is itself); 0 = unknown.</summary>
    public uint Parent;

    /// <summary>new_encode_dev of a character or block special file.</summary>
    public uint Rdev;
}

/// <summary>struct vexfs_dir_entry: 256 bytes, 16 per directory block.</summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
internal unsafe struct VexfsDirEntry
{
    public uint Ino;
    public byte NameLen;
    public byte FileType;
    public fixed byte Name[VexfsAbi.NameLen];
}
