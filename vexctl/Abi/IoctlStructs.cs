using System.Runtime.InteropServices;

namespace Vexctl.Abi;

/// <summary>struct vexfs_vector_io: argument of SET_VECTOR and GET_VECTOR.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VexfsVectorIo
{
    public uint Dim;
    public uint Reserved;
    public ulong Data;
}

/// <summary>struct vexfs_search_result: one hit, ordered by ascending distance.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VexfsSearchResult
{
    public ulong Ino;
    public long Distance;
}

/// <summary>struct vexfs_search: argument of VEXFS_IOC_SEARCH.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VexfsSearch
{
    public ulong Query;
    public ulong Results;
    public uint Dim;
    public uint K;
    public uint Metric;
    public uint Count;
}
