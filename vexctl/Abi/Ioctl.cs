namespace Vexctl.Abi;

/// <summary>The kernel's _IOC encoding (asm-generic/ioctl.h, used by x86 and arm64).</summary>
internal static class Ioctl
{
    private const int NrShift = 0;
    private const int TypeShift = 8;
    private const int SizeShift = 16;
    private const int DirShift = 30;
    private const uint SizeMask = (1u << 14) - 1;

    private const uint DirNone = 0;
    private const uint DirWrite = 1;
    private const uint DirRead = 2;

    public static nuint Ioc(uint dir, uint type, uint nr, uint size)
    {
        if (size > SizeMask)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "an ioctl argument is at most 16383 bytes");
        }

        return (nuint)((dir << DirShift) | (size << SizeShift) | (type << TypeShift) | (nr << NrShift));
    }

    public static nuint Io(uint type, uint nr) => Ioc(DirNone, type, nr, 0);

    public static nuint Ior(uint type, uint nr, uint size) => Ioc(DirRead, type, nr, size);

    public static nuint Iow(uint type, uint nr, uint size) => Ioc(DirWrite, type, nr, size);

    public static nuint Iowr(uint type, uint nr, uint size) => Ioc(DirRead | DirWrite, type, nr, size);

    /// <summary>BLKGETSIZE64 = _IOR(0x12, 114, size_t): the size of a block device in bytes.</summary>
    public static nuint BlkGetSize64 => Ior(0x12, 114, (uint)nuint.Size);
}
