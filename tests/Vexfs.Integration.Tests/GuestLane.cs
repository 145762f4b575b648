using System.Globalization;

namespace Vexfs.Integration.Tests;

/// <summary>
/// The test device and mount point of one lane of the suite: lanes run side by side on the guest's vCPUs,
/// each on a device of its own. Lane 0 is the guest's test disk; lane n &gt; 0 a loop device over a sparse file
/// in /dev/shm. A lane is claimed in the guest with mkdir (atomic), so fixtures need no shared state and two
/// processes attached to one guest never share a device.
/// </summary>
public sealed record GuestLane(int Number, string Device, string MountPoint)
{
    private const int MaxLanes = 8;

    /// <summary>Prints the first free lane's number after claiming it, or nothing when all are taken.</summary>
    public static string ClaimCommand =>
        $"for n in $(seq 0 {MaxLanes - 1}); do mkdir {ClaimPath("$n")} 2>/dev/null && {{ echo $n; break; }}; done";

    /// <summary>Lane n's loop device (set up now) or, for lane 0, the test disk; the device's path is printed.</summary>
    public static string DeviceCommand(int number, string testDisk) => number == 0
        ? $"echo {testDisk}"
        : $"truncate -s $(blockdev --getsize64 {testDisk}) {Backing(number)} && losetup -f --show {Backing(number)}";

    public static GuestLane Create(int number, string device) =>
        new(number, device, number == 0 ? "/mnt/vexfs-test" : $"/mnt/vexfs-test-{number}");

    /// <summary>Unmounts the lane's filesystem, frees its loop device and file, and gives the lane back.</summary>
    public string ReleaseCommand => Number == 0
        ? $"umount {MountPoint} 2>/dev/null; rmdir {ClaimPath("0")}"
        : $"umount {MountPoint} 2>/dev/null; losetup -d {Device}; rm -f {Backing(Number)}; rmdir {ClaimPath(Number.ToString(CultureInfo.InvariantCulture))}";

    /// <summary>The suite's command log for this lane, beside the one VmIntegration names.</summary>
    public string CommandLog(string path) => Number == 0
        ? path
        : Path.Combine(Path.GetDirectoryName(path) ?? ".", $"{Path.GetFileNameWithoutExtension(path)}-lane{Number}{Path.GetExtension(path)}");

    private static string ClaimPath(string number) => $"/run/vexfs-lane-{number}";

    private static string Backing(int number) => $"/dev/shm/vexfs-lane-{number}.img";
}
