using Vexctl.Abi;
using Vexctl.Native;

namespace Vexctl.Device;

/// <summary>A file or directory on a vexfs mount and the vector and search ioctls on it.</summary>
internal sealed unsafe class VexfsFile : IDisposable
{
    private readonly UnixFd _fd;
    private readonly string _operation;

    private VexfsFile(UnixFd fd, string path, string operation)
    {
        _fd = fd;
        Path = path;
        _operation = operation;
    }

    public string Path { get; }

    /// <summary>Opens a regular file (read-write when the vector is changed) or a directory.</summary>
    public static VexfsFile Open(string path, string operation, bool write, bool directory = false)
    {
        var flags = (write ? Libc.ORdWr : Libc.ORdOnly) | (directory ? Libc.ODirectory : 0);
        var fd = UnixFd.TryOpen(path, flags, out var errno);
        return fd is null ? throw KernelErrors.Open(operation, path, errno) : new VexfsFile(fd, path, operation);
    }

    public void SetVector(ReadOnlySpan<sbyte> vector)
    {
        var length = vector.Length;
        fixed (sbyte* data = vector)
        {
            var io = new VexfsVectorIo { Dim = (uint)length, Data = (ulong)data };
            Check(_fd.Ioctl(VexfsAbi.IocSetVector, &io), errno => errno switch
            {
                Errno.EINVAL => $"the vector has {length} values; it must have exactly the filesystem's dimension (see: vexctl status)",
                Errno.ENOSPC => "the filesystem has no room for the vector",
                Errno.EPERM or Errno.EACCES => "run as root or as the file's owner",
                Errno.EROFS => "the filesystem is mounted read-only",
                _ => null,
            });
        }
    }

    public sbyte[] GetVector(int dim)
    {
        var vector = new sbyte[dim];
        fixed (sbyte* data = vector)
        {
            var io = new VexfsVectorIo { Dim = (uint)dim, Data = (ulong)data };
            Check(_fd.Ioctl(VexfsAbi.IocGetVector, &io), errno => errno switch
            {
                Errno.ENODATA => "the file has no vector; set one with: vexctl vec set FILE v1,v2,...",
                Errno.EINVAL => $"asked for {dim} values; the filesystem's dimension differs (see: vexctl status, or pass --dim)",
                _ => null,
            });
        }

        return vector;
    }

    public void ClearVector() =>
        Check(_fd.Ioctl(VexfsAbi.IocClearVector, null), errno => errno switch
        {
            Errno.ENODATA => "the file has no vector",
            Errno.EPERM or Errno.EACCES => "run as root or as the file's owner",
            _ => null,
        });

    /// <summary>The k nearest files of the whole mount, ascending distance.</summary>
    public VexfsSearchResult[] Search(ReadOnlySpan<sbyte> query, int k, uint metric)
    {
        var results = new VexfsSearchResult[k];
        uint count;
        var dim = query.Length;
        fixed (sbyte* q = query)
        fixed (VexfsSearchResult* r = results)
        {
            var search = new VexfsSearch
            {
                Query = (ulong)q,
                Results = (ulong)r,
                Dim = (uint)dim,
                K = (uint)k,
                Metric = metric,
            };
            Check(_fd.Ioctl(VexfsAbi.IocSearch, &search), errno => errno switch
            {
                Errno.EINVAL => $"k must be 1..{VexfsAbi.MaxK}, the metric l2 or dot, and the query's {dim} values " +
                                "must match the filesystem's dimension (see: vexctl status)",
                Errno.ENOTDIR => "search runs on a directory of the mount",
                _ => null,
            });
            count = Math.Min(search.Count, (uint)k);
        }

        return results[..(int)count];
    }

    public void Dispose() => _fd.Dispose();

    private void Check(int errno, Func<int, string?> hint)
    {
        if (errno != 0)
        {
            throw KernelErrors.FileIoctl(_operation, Path, errno, hint(errno), MountTable.Load().Find(Path));
        }
    }
}
