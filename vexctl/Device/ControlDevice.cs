using Vexctl.Abi;
using Vexctl.Cli;
using Vexctl.Native;

namespace Vexctl.Device;

/// <summary>The control device /dev/vexfs: module and mount status, with the ABI check.</summary>
internal sealed unsafe class ControlDevice : IDisposable
{
    private const string SysModule = "/sys/module/vexfs";
    private readonly UnixFd _fd;
    private readonly string _path;

    private ControlDevice(UnixFd fd, string path)
    {
        _fd = fd;
        _path = path;
    }

    /// <summary>Opens the control device; exit 3 when it is missing, with what to do.</summary>
    public static ControlDevice Open(string path = VexfsAbi.ControlDevice)
    {
        var fd = UnixFd.TryOpen(path, Libc.ORdOnly, out var errno);
        if (fd is not null)
        {
            return new ControlDevice(fd, path);
        }

        if (errno is Errno.ENOENT or Errno.ENXIO or Errno.ENODEV)
        {
            var message = Directory.Exists(SysModule)
                ? $"{path} is missing but the vexfs module is loaded: create the node with " +
                  $"'mknod {path} c $(tr : ' ' < /sys/class/misc/vexfs/dev)' or start udev"
                : $"{path} not found: the vexfs module is not loaded; load it with: insmod vexfs.ko";
            throw new VexctlException(ExitCodes.ModuleNotLoaded, message);
        }

        throw new VexctlException(
            errno is Errno.EACCES or Errno.EPERM ? ExitCodes.Failure : ExitCodes.KernelError,
            $"status {path}: cannot open: {Errno.Describe(errno)}" +
            (errno is Errno.EACCES or Errno.EPERM ? "; run vexctl as root" : ""));
    }

    /// <summary>VEXFS_IOC_GET_STATUS, then the ABI version check.</summary>
    public VexfsStatus GetStatus()
    {
        VexfsStatus status;
        var errno = _fd.Ioctl(VexfsAbi.IocGetStatus, &status);
        if (errno != 0)
        {
            throw Failure("GET_STATUS", errno);
        }

        CheckAbi(status.AbiVersion);
        return status;
    }

    /// <summary>VEXFS_IOC_GET_STATUS_FULL (call <see cref="GetStatus"/> first for the ABI check).</summary>
    public VexfsStatusFull GetStatusFull()
    {
        VexfsStatusFull full;
        var errno = _fd.Ioctl(VexfsAbi.IocGetStatusFull, &full);
        if (errno != 0)
        {
            throw Failure("GET_STATUS_FULL", errno);
        }

        CheckAbi(full.Status.AbiVersion);
        return full;
    }

    public void Dispose() => _fd.Dispose();

    private static void CheckAbi(uint moduleAbi)
    {
        if (moduleAbi != VexfsAbi.AbiVersion)
        {
            throw new VexctlException(
                ExitCodes.AbiMismatch,
                $"ABI mismatch: the vexfs module speaks ABI {moduleAbi}, this vexctl speaks ABI {VexfsAbi.AbiVersion}; " +
                "use the vexctl built from the same source tree as the module");
        }
    }

    // ENOTTY on the control device means the module does not know this request number, whose
    // encoding includes the struct size: the module was built from a different header.
    private VexctlException Failure(string request, int errno)
    {
        if (errno == Errno.ENOTTY)
        {
            return new VexctlException(
                ExitCodes.AbiMismatch,
                $"ABI mismatch: the vexfs module (version {ModuleVersionFromSysfs()}) rejected {request} with " +
                $"{Errno.Describe(errno)}; this vexctl speaks ABI {VexfsAbi.AbiVersion}; " +
                "use the vexctl built from the same source tree as the module");
        }

        return new VexctlException(ExitCodes.KernelError, $"status {_path}: {request}: {Errno.Describe(errno)}");
    }

    private static string ModuleVersionFromSysfs()
    {
        var path = Path.Combine(SysModule, "version");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
    }
}
