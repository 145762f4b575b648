using Vexfs.Lab.Images;

namespace Vexfs.Lab.Machine;

/// <summary>One guest run: which image, how big a machine, and where its run files go.</summary>
/// <param name="RunDirectory">Gets overlay.qcow2, console.log, qmp.sock, qemu.pid and vexfs-disk.img.</param>
/// <param name="VexfsDiskBytes">Size of the second, empty raw disk (/dev/vdb in the guest) for vexfs.</param>
/// <param name="ExtraKernelArgs">Appended to the kernel command line (e.g. "vexfs.debug=1").</param>
public sealed record QemuOptions(
    GuestImage Image,
    int MemoryMiB,
    int Cpus,
    AcceleratorChoice Accel,
    string RunDirectory,
    long VexfsDiskBytes = 256L << 20,
    string? ExtraKernelArgs = null)
{
    /// <summary>Start from this saved booted state (-incoming) instead of booting the kernel.</summary>
    public SavedState? Restore { get; init; }

    /// <summary>Open QEMU's gdb stub on 127.0.0.1 at this port (-gdb), for attaching a debugger.</summary>
    public int? GdbPort { get; init; }
}
