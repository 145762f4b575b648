using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Share;

/// <summary>
/// The source share of one guest: a staging directory (vexctl, a host-built vexfs.ko, the vexfs-make
/// script, and vexfs-kernel/ bind-mounted at src/), served read-only by virtiofsd, hot-plugged into the
/// running guest and mounted at <see cref="GuestMount"/>.
/// </summary>
public sealed class SourceShare(ILoggerFactory loggers)
{
    public const string Tag = "vexfs-host";

    public const string GuestMount = "/mnt/vexfs-host";

    /// <summary>The guest's script that links the shared sources into a writable tree and runs make there.</summary>
    public const string MakeScript = GuestMount + "/vexfs-make";

    // The device shows up under the driver within milliseconds of device_add (ACPI hot-plug); shell
    // builtins poll for it, as every fork costs about 0.1 s in a TCG guest (more under KASAN). A kernel
    // without ACPI PCI hot-plug (CONFIG_HOTPLUG_PCI_ACPI is not in defconfig, so the kit's built kernels lack
    // it: no hot-plug slots) is never told of the device, which sits on the bus all the same: a PCI rescan
    // finds it. Once more after 50 polls, for a kernel with slots but no hot-plug driver.
    private const string MountCommand =
        "modprobe virtiofs 2>/dev/null; " +
        "[ -d /sys/bus/virtio/drivers/virtiofs ] || { echo 'the guest kernel has no virtiofs driver (CONFIG_VIRTIO_FS)' >&2; exit 4; }; " +
        "set -- /sys/bus/pci/slots/*; [ -e \"$1\" ] || echo 1 > /sys/bus/pci/rescan; " +
        "i=0; until set -- /sys/bus/virtio/drivers/virtiofs/virtio*; [ -e \"$1\" ]; do i=$((i+1)); " +
        "[ $i -ne 50 ] || echo 1 > /sys/bus/pci/rescan; " +
        "[ $i -le 200 ] || { echo 'no virtiofs device appeared after the hot-plug and two PCI rescans (200 polls)' >&2; exit 3; }; sleep 0.02; done; " +
        "mkdir -p " + GuestMount + " && mount -t virtiofs -o ro " + Tag + " " + GuestMount;

    private readonly ILogger logger = loggers.CreateLogger<SourceShare>();

    /// <summary>
    /// Shares <paramref name="sources"/> with the guest (at src/, beside vexctl and a host-built vexfs.ko
    /// when given) and mounts the share there.
    /// </summary>
    public async Task AttachAsync(QemuMachine machine, GuestSession session, string sources, string? vexctlBinary, string? builtModule, CancellationToken ct)
    {
        if (machine.HasShare)
        {
            throw new InvalidOperationException("the guest already has its source share: one per guest");
        }

        var clock = Stopwatch.StartNew();
        var directory = machine.ShareDirectory;
        await StageAsync(directory, vexctlBinary, builtModule, ct);
        var daemon = await VirtioFsDaemon.StartAsync(directory, sources, machine.ShareSocket, logger, ct);
        var started = clock.Elapsed;
        await machine.AttachShareAsync(daemon, daemon.SocketPath, Tag, ct); // the machine stops virtiofsd from here on, also on failure

        var plugged = clock.Elapsed;
        var mount = await session.RunInShellAsync(MountCommand, TimeSpan.FromSeconds(60), ct);
        if (!mount.Succeeded)
        {
            throw new PhaseFailedException(FailureClass.Infrastructure,
                $"mounting the source share in the guest failed (exit {mount.ExitCode}): {mount.Stderr.Trim()}; --source-delivery sftp copies the sources instead");
        }

        logger.LogInformation(
            "{Sources} is shared read-only with the guest at {Mount}/src (staged and virtiofsd up {Start:F2} s, hot-plugged {Plug:F2} s, mounted {Mounted:F2} s)",
            sources, GuestMount, started.TotalSeconds, (plugged - started).TotalSeconds, (clock.Elapsed - plugged).TotalSeconds);
    }

    private static async Task StageAsync(string directory, string? vexctlBinary, string? builtModule, CancellationToken ct)
    {
        if (vexctlBinary is not null && !File.Exists(vexctlBinary))
        {
            throw new LabException($"vexctl binary not found at {vexctlBinary}", "publish it first: ./build.sh PublishVexctl");
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(directory, "src"));
        if (vexctlBinary is not null)
        {
            File.Copy(vexctlBinary, Path.Combine(directory, "vexctl"));
        }

        if (builtModule is not null)
        {
            File.Copy(builtModule, Path.Combine(directory, "vexfs.ko"));
        }

        var script = Path.Combine(directory, Path.GetFileName(MakeScript));
        await using (var resource = typeof(SourceShare).Assembly.GetManifestResourceStream("vexfs-make.sh")
            ?? throw new InvalidOperationException("vexfs-make.sh is not embedded in Vexfs.Lab"))
        await using (var file = File.Create(script))
        {
            await resource.CopyToAsync(file, ct);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, (UnixFileMode)0x1ED); // the guest may run it directly
        }
    }
}
