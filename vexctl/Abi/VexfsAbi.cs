namespace Vexctl.Abi;

/// <summary>
/// Constants and ioctl numbers of vexfs-kernel/include/uapi/vexfs.h. The ioctl numbers are
/// computed with the same _IOC encoding as the kernel (asm-generic/ioctl.h), from the C# struct
/// sizes, so a struct that drifts from the header also changes the number (and the ABI test fails).
/// </summary>
internal static unsafe class VexfsAbi
{
    public const uint Magic = 0x56455846;
    public const uint FormatVersion = 2;
    public const uint AbiVersion = 1;
    public const int BlockSize = 4096;
    public const int MaxDim = 4096;
    public const int MaxK = 1024;
    public const int NameLen = 250;
    public const uint RootIno = 1;
    public const string ControlDevice = "/dev/vexfs";

    public const uint ElemInt8 = 1;
    public const uint MetricL2 = 0;
    public const uint MetricDot = 1;

    public const int NDirBlocks = 12;
    public const int IndBlock = 12;
    public const int DindBlock = 13;
    public const int NBlocks = 14;
    public const uint InodeHasVector = 0x1;
    public const uint InodeFlags = InodeHasVector;
    public const int FastSymlinkMax = (NBlocks * 4) - 1;
    public const int InodesPerBlock = BlockSize / 128;
    public const int DirEntriesPerBlock = BlockSize / 256;

    public const byte IocMagic = (byte)'V';
    public const int VersionLen = 32;
    public const int ReleaseLen = 72;
    public const int DevNameLen = 32;
    public const int MaxStatusMounts = 16;

    public static readonly nuint IocSetVector = Ioctl.Iow(IocMagic, 1, (uint)sizeof(VexfsVectorIo));
    public static readonly nuint IocGetVector = Ioctl.Iowr(IocMagic, 2, (uint)sizeof(VexfsVectorIo));
    public static readonly nuint IocClearVector = Ioctl.Io(IocMagic, 3);
    public static readonly nuint IocSearch = Ioctl.Iowr(IocMagic, 4, (uint)sizeof(VexfsSearch));
    public static readonly nuint IocGetStatus = Ioctl.Ior(IocMagic, 0x10, (uint)sizeof(VexfsStatus));
    public static readonly nuint IocGetStatusFull = Ioctl.Ior(IocMagic, 0x11, (uint)sizeof(VexfsStatusFull));
}
