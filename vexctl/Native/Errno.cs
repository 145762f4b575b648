using System.Collections.Frozen;

namespace Vexctl.Native;

/// <summary>Linux errno values vexctl names in its messages (asm-generic/errno*.h).</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOTTY = 25;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int EPIPE = 32;
    public const int ERANGE = 34;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int EOVERFLOW = 75;
    public const int EBADMSG = 74;
    public const int EOPNOTSUPP = 95;
    public const int ETIMEDOUT = 110;
    public const int ESTALE = 116;
    public const int EUCLEAN = 117;
    public const int EDQUOT = 122;
    public const int ECANCELED = 125;

    private static readonly FrozenDictionary<int, (string Name, string Meaning)> Table = new Dictionary<int, (string Name, string Meaning)>
    {
        [EPERM] = ("EPERM", "Operation not permitted"),
        [ENOENT] = ("ENOENT", "No such file or directory"),
        [EINTR] = ("EINTR", "Interrupted system call"),
        [EIO] = ("EIO", "Input/output error"),
        [ENXIO] = ("ENXIO", "No such device or address"),
        [EBADF] = ("EBADF", "Bad file descriptor"),
        [EAGAIN] = ("EAGAIN", "Resource temporarily unavailable"),
        [ENOMEM] = ("ENOMEM", "Cannot allocate memory"),
        [EACCES] = ("EACCES", "Permission denied"),
        [EFAULT] = ("EFAULT", "Bad address"),
        [EBUSY] = ("EBUSY", "Device or resource busy"),
        [EEXIST] = ("EEXIST", "File exists"),
        [EXDEV] = ("EXDEV", "Invalid cross-device link"),
        [ENODEV] = ("ENODEV", "No such device"),
        [ENOTDIR] = ("ENOTDIR", "Not a directory"),
        [EISDIR] = ("EISDIR", "Is a directory"),
        [EINVAL] = ("EINVAL", "Invalid argument"),
        [ENFILE] = ("ENFILE", "Too many open files in system"),
        [EMFILE] = ("EMFILE", "Too many open files"),
        [ENOTTY] = ("ENOTTY", "Inappropriate ioctl for device"),
        [EFBIG] = ("EFBIG", "File too large"),
        [ENOSPC] = ("ENOSPC", "No space left on device"),
        [EROFS] = ("EROFS", "Read-only file system"),
        [ERANGE] = ("ERANGE", "Numerical result out of range"),
        [ENAMETOOLONG] = ("ENAMETOOLONG", "File name too long"),
        [ENOSYS] = ("ENOSYS", "Function not implemented"),
        [ENOTEMPTY] = ("ENOTEMPTY", "Directory not empty"),
        [ELOOP] = ("ELOOP", "Too many levels of symbolic links"),
        [ENODATA] = ("ENODATA", "No data available"),
        [EBADMSG] = ("EBADMSG", "Bad message"),
        [EOVERFLOW] = ("EOVERFLOW", "Value too large for defined data type"),
        [EOPNOTSUPP] = ("EOPNOTSUPP", "Operation not supported"),
        [ETIMEDOUT] = ("ETIMEDOUT", "Connection timed out"),
        [ESTALE] = ("ESTALE", "Stale file handle"),
        [EUCLEAN] = ("EUCLEAN", "Structure needs cleaning"),
        [EDQUOT] = ("EDQUOT", "Disk quota exceeded"),
        [ECANCELED] = ("ECANCELED", "Operation canceled"),
    }.ToFrozenDictionary();

    public static string Name(int errno) => Table.TryGetValue(errno, out var e) ? e.Name : $"errno {errno}";

    public static string Meaning(int errno) => Table.TryGetValue(errno, out var e) ? e.Meaning : "Unknown error";

    /// <summary>"ENOSPC (No space left on device)".</summary>
    public static string Describe(int errno) => $"{Name(errno)} ({Meaning(errno)})";
}
