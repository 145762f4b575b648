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
        $"IFS= read -r -d '' vexfs_m </proc/mounts; [[ $vexfs_m != *\" {Path} \"* ]] || umount {Path}; " +
        $"{Vexctl.Program} mkfs {Device} --dim {Dim}{(Inodes is { } n ? $" --inodes {n}" : "")} --force >/dev/null && " +
        $"{{ [ -d {Path} ] || mkdir -p {Path}; }} && {MountCommand}";

    public string MountCommand => $"mount -t vexfs {(Options.Length > 0 ? "-o " + Options + " " : "")}{Device} {Path}";

    public string UnmountCommand => $"umount {Path}";

    public string RemountCommand => $"{UnmountCommand} && {MountCommand}";
}
