using Vexctl.Cli;
using Vexctl.Native;

namespace Vexctl.Device;

/// <summary>Turns an errno from a vexfs request into the exit code and a message that says what to do.</summary>
internal static class KernelErrors
{
    /// <summary>
    /// A failed ioctl on a file or directory. ENOTTY means the filesystem does not know the vexfs
    /// ioctls, so the path is not on vexfs; so does any errno from a path whose mount is not vexfs.
    /// </summary>
    public static VexctlException FileIoctl(string operation, string path, int errno, string? hint, MountEntry? mount)
    {
        var notVexfsMount = mount is not null && mount.FsType != MountTable.VexfsType;
        if (errno == Errno.ENOTTY || notVexfsMount)
        {
            var where = mount is null ? "" : $" (it is on a {mount.FsType} mount at {mount.MountPoint})";
            return new VexctlException(
                ExitCodes.NotVexfs,
                $"{operation} {path}: not a vexfs file{where}: {Errno.Describe(errno)}; use a path on a mounted vexfs");
        }

        var message = $"{operation} {path}: {Errno.Describe(errno)}";
        return new VexctlException(ExitCodes.KernelError, hint is null ? message : $"{message}: {hint}");
    }

    /// <summary>A path that could not be opened (missing, permission, wrong type).</summary>
    public static VexctlException Open(string operation, string path, int errno)
    {
        var hint = errno switch
        {
            Errno.ENOENT => "check the path",
            Errno.EACCES or Errno.EPERM => "run as root or fix the permissions",
            Errno.EISDIR => "vectors belong to regular files; give a file",
            Errno.ENOTDIR => "give a directory on the vexfs mount",
            _ => null,
        };
        var message = $"{operation} {path}: cannot open: {Errno.Describe(errno)}";
        return new VexctlException(ExitCodes.Failure, hint is null ? message : $"{message}; {hint}");
    }
}
