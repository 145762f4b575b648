using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vexctl.Abi;

/// <summary>struct vexfs_status: answer of VEXFS_IOC_GET_STATUS on /dev/vexfs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VexfsStatus
{
    public uint AbiVersion;
    public uint FormatVersion;
    public fixed byte ModuleVersion[VexfsAbi.VersionLen];
    public fixed byte KernelRelease[VexfsAbi.ReleaseLen];
    public uint Mounts;
    public uint Reserved;
    public ulong FilesWithVectors;
    public ulong Searches;
    public ulong VectorBytes;
}

/// <summary>struct vexfs_mount_status: one mounted filesystem in vexfs_status_full.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VexfsMountStatus
{
    public fixed byte Device[VexfsAbi.DevNameLen];
    public uint VectorDim;
    public uint InodeCount;
    public uint FreeInodes;
    public uint Reserved;
    public ulong BlockCount;
    public ulong FreeBlocks;
    public ulong FilesWithVectors;
    public ulong Searches;
}

/// <summary>The mounts[VEXFS_MAX_STATUS_MOUNTS] array of vexfs_status_full.</summary>
[InlineArray(VexfsAbi.MaxStatusMounts)]
internal struct VexfsMountStatusArray
{
    private VexfsMountStatus _element0;
}

/// <summary>struct vexfs_status_full: answer of VEXFS_IOC_GET_STATUS_FULL.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VexfsStatusFull
{
    public VexfsStatus Status;
    public uint MountCount;
    public uint Reserved;
    public VexfsMountStatusArray Mounts;
}
