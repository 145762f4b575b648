using System.Runtime.InteropServices;

namespace Vexctl.Native;

/// <summary>Device, inode and type of a path, from statx without following a final symlink.</summary>
internal readonly record struct FileIdentity(uint DevMajor, uint DevMinor, ulong Ino, ushort Mode, uint RdevMajor, uint RdevMinor)
{
    private const ushort TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsSymlink => (Mode & TypeMask) == 0xA000;

    public bool IsRegular => (Mode & TypeMask) == 0x8000;

    public bool IsBlockDevice => (Mode & TypeMask) == 0x6000;

    public bool SameDevice(FileIdentity other) => DevMajor == other.DevMajor && DevMinor == other.DevMinor;

    public static unsafe FileIdentity? TryGet(string path, out int errno)
    {
        StatxBuffer buffer;
        if (Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, &buffer) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new FileIdentity(buffer.DevMajor, buffer.DevMinor, buffer.Ino, buffer.Mode, buffer.RdevMajor, buffer.RdevMinor);
    }
}
