using Microsoft.Win32.SafeHandles;
using Vexctl.Abi;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Native;

namespace Vexctl.Mkfs;

/// <summary>The device or image mkfs writes to: opened, sized, and checked for a mount or a filesystem.</summary>
internal sealed unsafe class MkfsTarget : IDisposable
{
    private MkfsTarget(string path, SafeFileHandle handle, ulong sizeBytes)
    {
        Path = path;
        Handle = handle;
        SizeBytes = sizeBytes;
    }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    public ulong SizeBytes { get; }

    public static MkfsTarget Open(string path, bool force, MountTable mounts)
    {
        if (FileIdentity.TryGet(path, out var errno) is not { } id)
        {
            throw new VexctlException(
                ExitCodes.Failure,
                errno == Errno.ENOENT
                    ? $"mkfs {path}: no such device or file; for an image create it first, e.g.: truncate -s 64M {path}"
                    : $"mkfs {path}: {Errno.Describe(errno)}");
        }

        if (!id.IsRegular && !id.IsBlockDevice)
        {
            throw new VexctlException(ExitCodes.Failure, $"mkfs {path}: not a block device or a regular file");
        }

        var full = System.IO.Path.GetFullPath(path);
        if (!force && MountedAt(full, id, mounts) is { } mountPoint)
        {
            throw new VexctlException(ExitCodes.Failure, $"mkfs {path}: it is mounted at {mountPoint}; unmount it first (or pass --force)");
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VexctlException(ExitCodes.Failure, $"mkfs {path}: cannot open for writing: {e.Message}; run as root?", e);
        }

        try
        {
            var size = id.IsBlockDevice ? BlockDeviceSize(handle, path) : (ulong)RandomAccess.GetLength(handle);
            if (!force)
            {
                RefuseExisting(handle, path);
            }

            return new MkfsTarget(path, handle, size);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Flush()
    {
        if (Libc.Fsync((int)Handle.DangerousGetHandle()) < 0)
        {
            throw new VexctlException(ExitCodes.Failure, $"mkfs {Path}: fsync failed: {Errno.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
        }
    }

    public void Dispose() => Handle.Dispose();

    private static ulong BlockDeviceSize(SafeFileHandle handle, string path)
    {
        ulong size;
        if (Libc.Ioctl((int)handle.DangerousGetHandle(), Abi.Ioctl.BlkGetSize64, &size) < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw new VexctlException(ExitCodes.Failure, $"mkfs {path}: BLKGETSIZE64 failed: {Errno.Describe(errno)}");
        }

        return size;
    }

    private static void RefuseExisting(SafeFileHandle handle, string path)
    {
        var head = new byte[sizeof(VexfsSuperBlock)];
        if (RandomAccess.Read(handle, head, 0) < head.Length)
        {
            return;
        }

        var sb = System.Runtime.InteropServices.MemoryMarshal.Read<VexfsSuperBlock>(head);
        if (sb.Magic != VexfsAbi.Magic)
        {
            return;
        }

        var dim = sb.VectorDim;
        var label = CString.Read(new ReadOnlySpan<byte>(sb.Label, 32));
        throw new VexctlException(
            ExitCodes.Failure,
            $"mkfs {path}: it already holds a vexfs filesystem (dim {dim}, label '{label}'); pass --force to overwrite it");
    }

    // A block device is mounted when a mount shows its major:minor; an image when a loop device backed by it is mounted.
    private static string? MountedAt(string fullPath, FileIdentity id, MountTable mounts)
    {
        if (id.IsBlockDevice)
        {
            return mounts.Entries.FirstOrDefault(e => e.Major == id.RdevMajor && e.Minor == id.RdevMinor)?.MountPoint;
        }

        var direct = mounts.Entries.FirstOrDefault(e => e.Source == fullPath);
        if (direct is not null)
        {
            return direct.MountPoint;
        }

        foreach (var backing in LoopBackingFiles())
        {
            if (backing.File == fullPath && mounts.Entries.FirstOrDefault(e => e.Source == "/dev/" + backing.Loop) is { } loopMount)
            {
                return loopMount.MountPoint;
            }
        }

        return null;
    }

    private static IEnumerable<(string Loop, string File)> LoopBackingFiles()
    {
        if (!Directory.Exists("/sys/block"))
        {
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories("/sys/block", "loop*"))
        {
            var file = System.IO.Path.Combine(dir, "loop", "backing_file");
            if (File.Exists(file))
            {
                yield return (System.IO.Path.GetFileName(dir), File.ReadAllText(file).Trim());
            }
        }
    }
}
