namespace Vexfs.Integration.Tests;

/// <summary>
/// The vexfs a test formats, mounts and remounts: the commands for its <see cref="GuestScript"/>. A small inode
/// count keeps format and mount quick in a TCG guest (both scale with the inode table); null takes mkfs's
/// default layout, as the pipeline's smoke and bench phases do.
/// </summary>
public sealed record TestVexfs(string Device, string Path, int Dim, int? Inodes = TestVexfs.SmallInodeCount, string Options = "")
{
    public const int SmallInodeCount = 1024;

    /// <summary>
    /// Unmounts a leftover, formats the device and mounts it. The leftover and the mount point are looked for with
    /// shell builtins: a process start is 15-30 ms in a TCG guest, and this runs once a test. /proc/mounts is read
    /// whole (3 ms; a `while read` loop over its lines took 8-10 ms).
    /// </summary>
    public string FormatAndMountCommand =>
        $"IFS= read -r -d '' vexfs_m </proc/mounts; [[ $vexfs_m != *\" {Path} \"* ]] || {UnmountCommand}; " +
        $"{Vexctl.Program} mkfs {Device} --dim {Dim}{(Inodes is { } n ? $" --inodes {n}" : "")} --force >/dev/null && " +
        $"{{ [ -d {Path} ] || mkdir -p {Path}; }} && {MountCommand}";

    /// <summary>
    /// vexctl's mount (the system call, served by the lane's vexctl: mount(8) costs 25-35 ms a start in TCG); with
    /// options (loop), mount(8). The pipeline's smoke phase mounts with mount(8) too.
    /// </summary>
    public string MountCommand => Options.Length > 0
        ? $"mount -t vexfs -o {Options} {Device} {Path}"
        : $"{Vexctl.Program} mount {Device} {Path}";

    /// <summary>umount2 through the lane's vexctl; a loop mount's loop device is freed by umount(8).</summary>
    public string UnmountCommand => Options.Length > 0 ? $"umount {Path}" : $"{Vexctl.Program} umount {Path}";

    public string RemountCommand => $"{UnmountCommand} && {MountCommand}";
}
