using System.Runtime.InteropServices;

namespace Vexctl.Native;

/// <summary>An open file descriptor, closed on dispose; ioctls report the errno instead of throwing.</summary>
internal sealed unsafe class UnixFd : SafeHandle
{
    private UnixFd(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    public int Fd => (int)handle;

    /// <summary>Opens <paramref name="path"/>; on failure returns null and the errno.</summary>
    public static UnixFd? TryOpen(string path, int flags, out int errno)
    {
        var fd = Libc.Open(path, flags | Libc.OCloExec, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new UnixFd(fd);
    }

    /// <summary>Takes ownership of a descriptor a system call returned; null (with the errno) where it failed.</summary>
    public static UnixFd? FromResult(int fd, out int errno)
    {
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new UnixFd(fd);
    }

    /// <summary>Runs the ioctl; returns 0 or the errno.</summary>
    public int Ioctl(nuint request, void* arg)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            return Libc.Ioctl(Fd, request, arg) < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
