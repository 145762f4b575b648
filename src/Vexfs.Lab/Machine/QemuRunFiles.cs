namespace Vexfs.Lab.Machine;

/// <summary>The files of one QEMU run inside its run directory.</summary>
internal sealed record QemuRunFiles(string RunDirectory)
{
    public string Overlay => Path.Combine(RunDirectory, "overlay.qcow2");

    public string VexfsDisk => Path.Combine(RunDirectory, "vexfs-disk.img");

    /// <summary>The third, read-only raw disk (/dev/vdc): a tar the host writes and the guest unpacks (<see cref="TransferDisk"/>).</summary>
    public string TransferDisk => Path.Combine(RunDirectory, "transfer.img");

    public string ConsoleLog => Path.Combine(RunDirectory, "console.log");

    public string QmpSocket => Path.Combine(RunDirectory, "qmp.sock");

    public string PidFile => Path.Combine(RunDirectory, "qemu.pid");

    /// <summary>virtiofsd's vhost-user socket, when a source share is attached.</summary>
    public string ShareSocket => Path.Combine(RunDirectory, "virtiofs.sock");

    /// <summary>The directory the guest sees at /mnt/vexfs-host (sources bind-mounted in virtiofsd's namespace only).</summary>
    public string ShareDirectory => Path.Combine(RunDirectory, "share");

    /// <summary>The copy of vexfs.ko a host build leaves for the run (HostBuildInstall builds into the run directory).</summary>
    public string HostBuiltModule => Path.Combine(RunDirectory, "vexfs.ko");

    public string OwnerFile => Path.Combine(RunDirectory, QemuOwner.FileName);

    /// <summary>What DisposeAsync removes unless Keep is set (console.log stays: reports quote it).</summary>
    public IEnumerable<string> Disposable => [Overlay, VexfsDisk, TransferDisk, QmpSocket, PidFile, ShareSocket, OwnerFile];
}
