using System.Globalization;
using Vexfs.Lab.Images;

namespace Vexfs.Lab.Machine;

/// <summary>Builds the qemu-system-x86_64 command line of a guest run.</summary>
internal static class QemuArguments
{
    /// <summary>
    /// "pc" rather than "q35": measured here under TCG, pc reached SSH sooner (kernel 12.6 s vs 13.9 s) and
    /// the lab needs nothing q35 adds (PCIe, AHCI).
    /// </summary>
    public const string MachineType = "pc";

    /// <summary>
    /// Guest RAM is a shared memfd so a vhost-user device (virtiofsd serving the source share) can map it.
    /// Every machine gets it, with or without a share: the share is hot-plugged after the restore (its
    /// device blocks migration), so one saved state per image serves both kinds of run.
    /// </summary>
    public const string RamBackendId = "vexfs-ram";

    /// <summary>
    /// No "quiet": the kernel-log scan needs WARNING-level lines on the console. panic=1 with -no-reboot
    /// makes a panicked guest exit QEMU at once instead of hanging until the deadline. no_timer_check: under
    /// TCG on a loaded host the kernel's IO-APIC timer check can miss its ticks and panic ("IO-APIC + timer
    /// doesn't work!"; seen here with two cores shared by several guests).
    /// norandmaps: TCG keys its translated code by virtual address, so with userspace ASLR every process maps
    /// libc somewhere new and has it translated again. Measured in a 6.1 guest: /bin/true 46 -> 17 ms,
    /// stat 91 -> 29 ms, perl 152 -> 54 ms a start. The kernel's own KASLR is untouched.
    /// tsc=reliable: TCG's vCPUs read one clock, but the kernel's sync check, slowed by emulation, marks the TSC
    /// unstable and falls back to the HPET, an emulated device: every clock read is then a system call and an
    /// MMIO exit under QEMU's global lock (sshd alone made 2,166 of them for one lane of the suite).
    /// </summary>
    public const string BaseKernelArgs = "root=/dev/vda rw console=ttyS0 net.ifnames=0 panic=1 no_timer_check norandmaps tsc=reliable";

    public static IReadOnlyList<string> Build(QemuOptions options, QemuRunFiles files, int sshPort)
    {
        var accel = options.Accel.Kind switch
        {
            AcceleratorKind.Kvm => new[] { "-accel", "kvm", "-cpu", "host" },
            AcceleratorKind.Tcg => ["-accel", "tcg", "-cpu", "max"],
            _ => throw new ArgumentException("the accelerator must be chosen (Kvm or Tcg) before starting QEMU", nameof(options)),
        };
        var append = string.IsNullOrWhiteSpace(options.ExtraKernelArgs)
            ? BaseKernelArgs
            : $"{BaseKernelArgs} {options.ExtraKernelArgs.Trim()}";
        var memory = options.MemoryMiB.ToString(CultureInfo.InvariantCulture);
        return
        [
            "-machine", $"{MachineType},memory-backend={RamBackendId}",
            .. accel,
            "-m", memory,
            "-object", $"memory-backend-memfd,id={RamBackendId},size={memory}M,share=on",
            "-smp", options.Cpus.ToString(CultureInfo.InvariantCulture),
            "-kernel", options.Image.Kernel,
            .. InitrdArguments(options.Image),
            "-append", append,
            "-drive", $"file={Escape(files.Overlay)},format=qcow2,if=virtio,cache=unsafe",
            "-drive", $"file={Escape(files.VexfsDisk)},format=raw,if=virtio,cache=unsafe",
            "-drive", $"file={Escape(files.TransferDisk)},format=raw,if=virtio,readonly=on",
            "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{sshPort.ToString(CultureInfo.InvariantCulture)}-:22",
            "-device", "virtio-net-pci,netdev=n0",
            "-device", "virtio-rng-pci",
            "-serial", $"file:{files.ConsoleLog}",
            "-qmp", $"unix:{files.QmpSocket},server=on,wait=off",
            "-pidfile", files.PidFile,
            "-display", "none",
            "-no-reboot",
            .. Restore(options),
            .. Gdb(options),
        ];
    }

    /// <summary>The environment variable <see cref="RestoreLauncher"/> reads the state file's path from.</summary>
    public const string StateVariable = "VEXFS_SAVED_STATE";

    /// <summary>
    /// A restore starts QEMU through /bin/sh so the state file is its fd 3: QEMU reads a regular file without
    /// ever waiting, while exec:cat goes through a 64 KiB pipe and the main loop. exec keeps QEMU's pid.
    /// QEMU waits (-incoming defer) until the kit has copied the RAM in and asked it to read fd 3.
    /// </summary>
    public const string RestoreLauncher = "exec \"$0\" \"$@\" 3<\"$" + StateVariable + "\"";

    /// <summary>QEMU runs an exec: command with /bin/sh; a single quote inside the path is closed and escaped.</summary>
    public static string ShellQuote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string[] Restore(QemuOptions options) =>
        options.Restore is not null ? ["-incoming", "defer"] : [];

    private static string[] Gdb(QemuOptions options) =>
        options.GdbPort is { } port ? ["-gdb", $"tcp:127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"] : [];

    /// <summary>QEMU option values separate with commas; a literal comma is doubled.</summary>
    private static string Escape(string path) => path.Replace(",", ",,", StringComparison.Ordinal);

    /// <summary>A kernel the kit built has everything the guest needs built in, so it boots without an initramfs.</summary>
    private static string[] InitrdArguments(GuestImage image) => string.IsNullOrEmpty(image.Initrd) ? [] : ["-initrd", image.Initrd];
}
