using System.Runtime.InteropServices;

namespace Vexctl.Native;

/// <summary>
/// struct statx from linux/stat.h (the same on every architecture, unlike struct stat). Only the
/// fields vexctl reads are named; the test suite checks their offsets against the system header.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Ino;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(128)] public uint RdevMajor;
    [FieldOffset(132)] public uint RdevMinor;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;
}
